#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CozeSimulator
import Foundation
import Ledger
import OrderedJSON
import TestSupport
import Testing

/// Real agent processes against the simulator, killed with SIGKILL at random moments, and several
/// at once on one folder: nothing lost, nothing run twice.
@Suite(.serialized) struct CrashRecoveryTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    var agentArguments: [String] { BuiltCommand.fastAgent(root: folder.path, simulator: simulator) }

    static let environment = BuiltCommand.testToken

    /// Every request is in exactly one of outbox/ and failed/, with its record; nothing is left behind.
    func expectEverythingSettledOnce(_ names: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outbox = Set(folder.names(in: "outbox"))
        let failed = Set(folder.names(in: "failed"))
        for name in names {
            let stem = String(name.dropLast(5))
            let places = [outbox, failed].filter { $0.contains(name) && $0.contains("\(stem).response.json") }
            #expect(places.count == 1, "\(name) settled \(places.count) times", sourceLocation: sourceLocation)
        }
        #expect(outbox.filter { !$0.hasPrefix(".") }.count + failed.filter { !$0.hasPrefix(".") }.count == names.count * 2, sourceLocation: sourceLocation)
        // The ledger has exactly one line per request, saying where it went: none lost, none doubled
        // (a line a kill cut short is left out by the reader and written again whole after the restart).
        let ledger = LedgerReader(root: folder.path).read()
        var lines: [String: [String]] = [:]
        for line in ledger.lines { lines[line.sourceFile, default: []].append(line.status) }
        for name in names {
            let expected = failed.contains(name) ? ["failed"] : ["success"]
            #expect(lines[name] == expected, "\(name) has ledger lines \(lines[name] ?? [])", sourceLocation: sourceLocation)
        }
        #expect(ledger.lines.count == names.count, sourceLocation: sourceLocation)
        #expect(ledger.problems.allSatisfy { $0.contains("unfinished") }, "\(ledger.problems)", sourceLocation: sourceLocation)
        #expect(folder.names(in: "inbox").isEmpty, sourceLocation: sourceLocation)
        let leftovers = FileManager.default.enumerator(atPath: folder.path + "/processing")?.allObjects as? [String] ?? []
        #expect(leftovers.isEmpty, "left in processing: \(leftovers.prefix(5))", sourceLocation: sourceLocation)
        let everything = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        for file in everything {
            let text = String(decoding: FileManager.default.contents(atPath: folder.path + "/" + file) ?? Data(), as: UTF8.self)
            #expect(!text.contains("test-token"), "\(file) holds the token", sourceLocation: sourceLocation)
        }
    }

    @Test func streamsAndAttachedFilesSurviveKillsToo() async throws {
        var generator = ReplayableRandom("streams and files crash test")
        var names: [String] = []
        for index in 0..<60 {
            let name = "job-\(index).json"
            let stream = index % 3 != 1
            let file = index % 3 != 0
            if file { try folder.write("input \(index)", to: "inbox/in-\(index).txt") }
            let parameters = #""n": \#(index), "_simulate": {"delay_ms": \#(index % 30), "chunks": 4}"# + (file ? #", "doc": {"$file": "in-\#(index).txt"}"# : "")
            try folder.write(#"{"workflow_id": "1", "mode": "\#(stream ? "stream" : "sync")", "parameters": {\#(parameters)}}"#, to: "inbox/\(name)")
            names.append(name)
        }
        var kills = 0
        while kills < 20 {
            let agent = try BuiltCommand.start(agentArguments, environment: Self.environment)
            try await Task.sleep(for: .milliseconds(Int.random(in: 40...300, using: &generator)))
            kill(agent.process.processIdentifier, SIGKILL)
            _ = await agent.finish()
            kills += 1
            if folder.names(in: "inbox").isEmpty && kills >= 6 { break }
        }
        let drain = try await BuiltCommand.run(agentArguments + ["--once"], environment: Self.environment)
        #expect(drain.status == 0, "\(drain.error)")
        let outbox = Set(folder.names(in: "outbox"))
        let failed = Set(folder.names(in: "failed"))
        for (index, name) in names.enumerated() {
            let stem = String(name.dropLast(5))
            let places = [outbox, failed].filter { $0.contains(name) && $0.contains("\(stem).response.json") }
            #expect(places.count == 1, "\(name) settled \(places.count) times")
            if index % 3 != 0 {
                let copies = [outbox, failed].filter { $0.contains("\(stem).in-\(index).txt") }.count
                #expect(copies == 1, "in-\(index).txt is in \(copies) places")
            }
        }
        #expect(folder.names(in: "inbox").isEmpty)
        let leftovers = FileManager.default.enumerator(atPath: folder.path + "/processing")?.allObjects as? [String] ?? []
        #expect(leftovers.isEmpty, "left in processing: \(leftovers.prefix(5))")
        #expect(simulator.statistics.duplicateStarts == 0)
        print("crash test with streams and files: \(names.count) requests, \(kills) kills, \(simulator.statistics.streamRuns) streams, \(simulator.statistics.uploads) uploads, 0 duplicates")
    }

    @Test func killingTheAgentAtRandomMomentsLosesNothingAndRunsNothingTwice() async throws {
        var generator = ReplayableRandom("crash test")
        var names: [String] = []
        for index in 0..<300 {
            let name = "req-\(index).json"
            let text = index % 3 == 0
                ? #"{"workflow_id": "1", "mode": "async", "parameters": {"n": \#(index), "_simulate": {"running_polls": \#(index % 4), "delay_ms": \#(index % 20)}}, "poll": {"initial_interval": 0.1, "max_interval": 0.2}}"#
                : #"{"workflow_id": "1", "parameters": {"n": \#(index), "_simulate": {"delay_ms": \#(index % 40)}}}"#
            try folder.write(text, to: "inbox/\(name)")
            names.append(name)
        }
        var kills = 0
        while kills < 30 {
            let agent = try BuiltCommand.start(agentArguments, environment: Self.environment)
            try await Task.sleep(for: .milliseconds(Int.random(in: 40...400, using: &generator)))
            kill(agent.process.processIdentifier, SIGKILL)
            _ = await agent.finish()
            kills += 1
            if folder.names(in: "inbox").isEmpty && kills >= 10 { break }
        }
        let drain = try await BuiltCommand.run(agentArguments + ["--once"], environment: Self.environment)
        #expect(drain.status == 0, "\(drain.error)")
        try expectEverythingSettledOnce(names)
        let statistics = simulator.statistics
        #expect(statistics.duplicateStarts == 0)
        #expect(statistics.syncRuns + statistics.asyncStarts <= names.count)
        let interrupted = folder.names(in: "failed").filter { $0.hasSuffix(".response.json") }.count
        let outboxCount = folder.names(in: "outbox").filter { $0.hasSuffix(".response.json") }.count
        print("crash test: \(names.count) requests, \(kills) kills, \(outboxCount) succeeded, \(interrupted) interrupted, \(statistics.syncRuns) sync runs, \(statistics.asyncStarts) async starts, 0 duplicates")
    }

    @Test func severalAgentsOnOneFolderRunEachRequestExactlyOnce() async throws {
        var names: [String] = []
        for index in 0..<2000 {
            try folder.write(#"{"workflow_id": "1", "parameters": {"n": \#(index)}}"#, to: "inbox/req-\(index).json")
            names.append("req-\(index).json")
        }
        let agents = try (0..<3).map { _ in try BuiltCommand.start(agentArguments + ["--once"], environment: Self.environment) }
        var outcomes: [BuiltCommand.Outcome] = []
        for agent in agents { outcomes.append(await agent.finish()) }
        for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.error)") }
        try expectEverythingSettledOnce(names)
        #expect(folder.names(in: "failed").isEmpty)
        #expect(simulator.statistics.syncRuns == 2000)
        #expect(simulator.statistics.duplicateStarts == 0)
        let finishedPerAgent = outcomes.map { $0.output.components(separatedBy: ": finished").count - 1 }
        #expect(finishedPerAgent.reduce(0, +) == 2000)
        print("several agents: 3 agents × 2000 requests, per agent \(finishedPerAgent), duplicates 0")
    }
}
