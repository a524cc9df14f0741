#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

/// Signals, a share that goes away, and a service that misbehaves.
@Suite struct ShutdownAndFaultTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    func start(_ extra: [String] = []) throws -> BuiltCommand.Running {
        try BuiltCommand.start(["watch", "--root", folder.path, "--settle", "0", "--interval", "0.05", "--max-rps", "0",
                                "--base-url", simulator.baseURL.absoluteString] + extra, environment: ["COZE_API_TOKEN": "t"])
    }

    func record(_ path: String) throws -> JSONValue { try JSONParser().parse(try folder.read(path)) }

    /// Returns once the simulator has received `count` sync runs: the call is then really in flight.
    func untilSyncRunsReach(_ count: Int) async throws {
        for _ in 0..<3000 where simulator.statistics.syncRuns < count { try await Task.sleep(for: .milliseconds(10)) }
        try #require(simulator.statistics.syncRuns >= count, "the run never reached the simulator")
    }

    @Test func sigtermLetsARunningSyncCallFinish() async throws {
        // Long enough that the signal arrives while the call waits, even on a machine busy with other tests.
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"delay_ms": 5000}}}"#, to: "inbox/slow.json")
        let agent = try start()
        try await agent.send(SIGTERM, whenOutputShows: "slow.json: sending")
        let outcome = await agent.finish()
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("stopping: waiting for 1 running job"))
        #expect(folder.names(in: "outbox") == ["slow.json", "slow.response.json"])
        #expect(folder.names(in: "processing").isEmpty)
    }

    @Test func sigtermLeavesAPollJournaledAndTheNextStartResumesIt() async throws {
        try folder.write(#"{"workflow_id": "1", "mode": "async", "parameters": {"_simulate": {"running_polls": 4}}, "poll": {"initial_interval": 1, "max_interval": 1}}"#, to: "inbox/long.json")
        let agent = try start()
        try await agent.send(SIGTERM, whenOutputShows: "long.json: started")
        #expect(await agent.finish().status == 0)
        #expect(folder.names(in: "outbox").isEmpty)
        let leftFolder = try #require(folder.names(in: "processing").first)
        #expect(folder.names(in: "processing/\(leftFolder)").contains { $0.hasSuffix(".state.json") })

        let next = try await BuiltCommand.run(["watch", "--once", "--root", folder.path, "--settle", "0", "--interval", "0.05",
                                         "--base-url", simulator.baseURL.absoluteString], environment: ["COZE_API_TOKEN": "t"])
        #expect(next.status == 0)
        #expect(next.output.contains("long.json: polling execute_id"))
        #expect(folder.names(in: "outbox") == ["long.json", "long.response.json"])
        #expect(simulator.statistics.asyncStarts == 1)
        #expect(try record("outbox/long.response.json")["start_response"]?["execute_id"] != nil)
    }

    @Test func aSecondSignalQuitsAtOnceAndTheCallIsReportedNotResent() async throws {
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"delay_ms": 20000}}}"#, to: "inbox/slow.json")
        let agent = try start()
        try await agent.whenOutputShows("slow.json: sending")
        try await untilSyncRunsReach(1)
        try await agent.send(SIGTERM, whenOutputShows: "slow.json: sending")
        try await agent.send(SIGTERM, whenOutputShows: "stopping")
        let outcome = await agent.finish()
        #expect(outcome.status == 130)
        #expect(outcome.error.contains("quitting now"))
        let next = try await BuiltCommand.run(["watch", "--once", "--root", folder.path, "--settle", "0",
                                         "--base-url", simulator.baseURL.absoluteString], environment: ["COZE_API_TOKEN": "t"])
        #expect(next.status == 0)
        #expect(try record("failed/slow.response.json")["error"]?["kind"] == .string("interrupted"))
        #expect(simulator.statistics.syncRuns == 1)
    }

    @Test func whenTheGracePeriodRunsOutTheCallIsSettledAsInterrupted() async throws {
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"delay_ms": 20000}}}"#, to: "inbox/slow.json")
        let agent = try start(["--grace", "0.2"])
        try await untilSyncRunsReach(1)
        try await agent.send(SIGINT, whenOutputShows: "slow.json: sending")
        let outcome = await agent.finish()
        #expect(outcome.status == 0)
        let left = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        try #require(folder.names(in: "failed").contains("slow.response.json"), "\(outcome.output)\n\(outcome.error)\nfiles: \(left)")
        #expect(try record("failed/slow.response.json")["error"]?["kind"] == .string("interrupted"))
    }

    @Test func anInboxThatGoesAwayIsWaitedForNotRecreated() async throws {
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.settle = .zero
        configuration.interval = .seconds(3600)
        configuration.maximumRequestsPerSecond = 0
        let events = RecordingEventSink()
        let client = CozeClient(baseURL: simulator.baseURL, token: "t", transport: URLSessionTransport().transport)
        try FileManager.default.createDirectory(atPath: folder.path + "/inbox", withIntermediateDirectories: true)
        let agent = DropAgent(configuration: configuration, client: client, events: events)
        let running = Task { _ = await agent.run() }
        await agent.scanNow()
        try FileManager.default.moveItem(atPath: folder.path + "/inbox", toPath: folder.path + "/inbox-unmounted")
        for _ in 0..<3 { await agent.scanNow() }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/inbox"))
        #expect(events.lines.filter { $0.contains("cannot read") && $0.contains("inbox") }.count == 1)
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox-unmounted/back.json")
        try FileManager.default.moveItem(atPath: folder.path + "/inbox-unmounted", toPath: folder.path + "/inbox")
        await agent.scanNow()
        for _ in 0..<2000 where folder.names(in: "outbox").count < 2 { try await Task.sleep(for: .milliseconds(5)) }
        agent.stop()
        await running.value
        #expect(folder.names(in: "outbox") == ["back.json", "back.response.json"])
        #expect(events.lines.contains { $0.contains("readable again") })
    }

    @Test func aMisbehavingServiceNeverMakesARunStartTwice() async throws {
        let faulty = try CozeSimulator(faults: FaultPlan(rate: 0.35, kinds: SimulatedFault.allCases.filter { $0 != .hang }, latency: .milliseconds(20), seed: 7))
        defer { faulty.stop() }
        for index in 0..<120 {
            let text = index % 2 == 0
                ? #"{"workflow_id": "1", "mode": "async", "parameters": {"n": \#(index), "_simulate": {"running_polls": 1}}, "poll": {"initial_interval": 0.1, "max_interval": 0.1}}"#
                : #"{"workflow_id": "1", "timeout": 2, "parameters": {"n": \#(index)}}"#
            try folder.write(text, to: "inbox/r\(index).json")
        }
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = true
        configuration.settle = .zero
        configuration.interval = .milliseconds(20)
        configuration.concurrency = 8
        configuration.maximumRequestsPerSecond = 0
        // FoundationNetworking does not notice a kept-alive connection that the server drops
        // mid-call; such a call ends at its timeout, so keep the timeouts short here.
        configuration.callTimeout = .seconds(2)
        var retryFast = RetryPolicy()
        retryFast.baseDelay = .milliseconds(20)
        retryFast.maximumDelay = .milliseconds(100)
        let client = CozeClient(baseURL: faulty.baseURL, token: "t", transport: URLSessionTransport().transport)
        let events = RecordingEventSink()
        let summary = await DropAgent(configuration: configuration, client: client, events: events, retryPolicy: retryFast).run()
        #expect(summary.unsettled == 0)
        let settled = folder.names(in: "outbox").count + folder.names(in: "failed").count
        #expect(settled == 240)
        #expect(folder.names(in: "inbox").isEmpty)
        #expect(faulty.statistics.faultsInjected > 20)
        #expect(faulty.statistics.duplicateStarts == 0)
        var retries = 0
        var kinds: [String: Int] = [:]
        for name in folder.names(in: "outbox") + folder.names(in: "failed") where name.hasSuffix(".response.json") {
            let path = (folder.names(in: "outbox").contains(name) ? "outbox/" : "failed/") + name
            let value = try record(path)
            retries += value["retries"]?.integerValue ?? 0
            if let kind = value["error"]?["kind"]?.stringValue { kinds[kind, default: 0] += 1 }
        }
        #expect(retries > 0)
        #expect(folder.names(in: "outbox").count > 100)
        print("faults: \(faulty.statistics.faultsInjected) injected over 120 requests, \(retries) retries, failures by kind \(kinds), duplicates 0")
    }
}
