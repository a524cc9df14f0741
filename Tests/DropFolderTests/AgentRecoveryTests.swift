import CozeAPI
import DropFolder
import Foundation
import Ledger
import OrderedJSON
import TestSupport
import Testing

/// Recovery and take-over, driven by hand-made `processing/` folders and a scripted Coze.
@Suite struct AgentRecoveryTests {
    let folder: TemporaryFolder
    /// For agents that run until stopped: time moves only when the test says so.
    let clock = ManualClock(sleepsAdvanceTime: false)
    /// For `once` agents: waits pass at once.
    let passingClock = ManualClock()
    let events = RecordingEventSink()

    init() throws {
        folder = try TemporaryFolder()
    }

    func agent(_ script: ScriptedTransport, once: Bool = true, resend: Bool = false, fileSystem: any FileSystem = LocalFileSystem(),
               alive: @escaping @Sendable (Int32) -> Bool = { _ in false }) -> DropAgent {
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = once
        configuration.settle = .zero
        configuration.interval = once ? .milliseconds(10) : .seconds(3600)
        configuration.concurrency = 1
        configuration.maximumRequestsPerSecond = 0
        configuration.resendInterrupted = resend
        configuration.identity = AgentIdentity(id: "me", host: "here", pid: 1)
        let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
        return DropAgent(configuration: configuration, client: client, fileSystem: fileSystem, clock: once ? passingClock : clock, events: events,
                         random: { 0.5 }, isProcessAlive: alive)
    }

    /// Leaves a job in `processing/FOLDER/` as a crashed agent would have.
    func leaveJob(_ jobID: String, in owner: String, name: String, request: String?, phase: JournalEntry.Phase?,
                  executeID: String? = nil, record: String? = nil, destination: String? = nil, stem: String? = nil) throws {
        if let request { try folder.write(request, to: "processing/\(owner)/\(jobID).json") }
        if let record { try folder.write(record, to: "processing/\(owner)/\(jobID).response.json") }
        if let phase {
            var entry = JournalEntry(jobID: jobID, name: name, phase: phase)
            entry.executeID = executeID
            entry.destination = destination
            entry.settledStem = stem
            try folder.write(JSONWriter().string(from: entry.json), to: "processing/\(owner)/\(jobID).state.json")
        }
    }

    func leaveLease(of owner: String, host: String = "here", pid: Int32 = 99, beat: Int = 1, running: Bool = true) throws {
        let lease = AgentLease(agent: owner, host: host, pid: pid, beat: beat, running: running)
        try folder.write(JSONWriter().string(from: lease.json), to: "processing/\(owner)/agent.lease")
    }

    func record(_ path: String) throws -> JSONValue { try JSONParser().parse(try folder.read(path)) }

    @Test func aRestartFinishesEveryJobACrashedAgentLeftWithoutSendingAnythingTwice() async throws {
        try leaveLease(of: "old")
        try leaveJob("j1", in: "old", name: "in-flight.json", request: #"{"workflow_id": "1"}"#, phase: .sending)
        try leaveJob("j2", in: "old", name: "polling.json", request: #"{"workflow_id": "1", "mode": "async"}"#, phase: .started, executeID: "77")
        try leaveJob("j3", in: "old", name: "claimed.json", request: #"{"workflow_id": "1"}"#, phase: .claiming)
        try leaveJob("j4", in: "old", name: "moving.json", request: #"{"workflow_id": "1"}"#, phase: .settling,
                     record: #"{"status": "success"}"#, destination: "outbox", stem: "moving")
        try leaveJob("j5", in: "old", name: "never-claimed.json", request: nil, phase: .claiming)
        try folder.write(#"{"workflow_id": "1"}"#, to: "processing/loose.json")
        // Two runs (the loose file and the claimed job) and one poll (the started async run).
        let script = ScriptedTransport(
            calls: [.json(200, #"{"code":0,"data":"{}"}"#), .json(200, #"{"code":0,"data":"{}"}"#)],
            polls: [.json(200, #"{"code":0,"msg":"","data":[{"execute_status":"Success","output":"{\"a\":1}","error_code":""}]}"#)])
        let summary = await agent(script).run()

        #expect(summary.unsettled == 0, "\(events.lines)")
        #expect(script.sent.map(\.method).sorted() == ["GET", "POST", "POST"], "\(events.lines)")
        #expect(script.sent.filter { $0.method == "GET" }.map(\.url.path) == ["/v1/workflows/1/run_histories/77"])
        #expect(folder.names(in: "outbox") == ["claimed.json", "claimed.response.json", "loose.json", "loose.response.json",
                                               "moving.json", "moving.response.json", "polling.json", "polling.response.json"])
        #expect(folder.names(in: "failed") == ["in-flight.json", "in-flight.response.json"])
        let interrupted = try record("failed/in-flight.response.json")
        #expect(interrupted["error"]?["kind"] == .string("interrupted"))
        // As the README says: CozeDrop cannot tell whether it ran, and dropping it again runs it again.
        #expect(interrupted["error"]?["message"]?.stringValue?.contains("dropping it again runs it again") == true)
        #expect(interrupted["error"]?["message"]?.stringValue?.contains("cannot tell whether the workflow ran") == true)
        #expect(try record("outbox/polling.response.json")["output"] == .object(["a": .integer(1)]))
        #expect(folder.names(in: "processing").isEmpty)
        #expect(events.lines.contains { $0.contains("taking over the unfinished jobs of agent old") })
    }

    @Test func resendInterruptedSendsAnInFlightCallAgain() async throws {
        try leaveLease(of: "old", running: false)
        try leaveJob("j1", in: "old", name: "in-flight.json", request: #"{"workflow_id": "1"}"#, phase: .sending)
        let script = ScriptedTransport([.json(200, #"{"code":0,"data":"{}"}"#)])
        await agent(script, resend: true).run()
        #expect(script.sent.count == 1)
        #expect(folder.names(in: "outbox") == ["in-flight.json", "in-flight.response.json"])
    }

    @Test func aLiveAgentsJobsAreLeftAloneAndADeadOnesTakenOverOnlyAfterTheLease() async throws {
        try leaveLease(of: "live", host: "elsewhere", beat: 1)
        try leaveJob("j1", in: "live", name: "busy.json", request: #"{"workflow_id": "1"}"#, phase: .sending)
        try leaveLease(of: "quiet", host: "elsewhere", beat: 1)
        try leaveJob("j1", in: "quiet", name: "stranded.json", request: #"{"workflow_id": "1", "mode": "async"}"#, phase: .started, executeID: "77")
        let script = ScriptedTransport([.json(200, #"{"code":0,"data":[{"execute_status":"Success","output":"","error_code":""}]}"#)])
        let agent = agent(script, once: false)
        let running = Task { _ = await agent.run() }
        await agent.scanNow()
        for beat in 2...8 {
            clock.advance(by: .seconds(10))
            try leaveLease(of: "live", host: "elsewhere", beat: beat)
            await agent.scanNow()
            #expect(folder.names(in: "processing/quiet").contains("j1.json") == (beat < 7), "beat \(beat)")
        }
        for _ in 0..<2000 where folder.names(in: "outbox").count < 2 {
            clock.advance(by: .seconds(1))
            try await Task.sleep(for: .milliseconds(5))
        }
        agent.stop()
        await running.value
        #expect(folder.names(in: "processing/live") == ["agent.lease", "j1.json", "j1.state.json"])
        #expect(folder.names(in: "outbox") == ["stranded.json", "stranded.response.json"])
        #expect(script.sent.map(\.method) == ["GET"])
    }

    @Test func aResultThatCannotBeWrittenOutStaysInProcessingUntilItCan() async throws {
        let disk = FaultyFileSystem()
        disk.breakWrites(into: folder.path + "/outbox")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        let script = ScriptedTransport([.json(200, #"{"code":0,"data":"{}"}"#)])
        let agent = agent(script, once: false, fileSystem: disk)
        let running = Task { _ = await agent.run() }
        await agent.scanNow()
        for _ in 0..<2000 where !events.lines.contains(where: { $0.contains("cannot move the result of a.json") }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(folder.names(in: "outbox").isEmpty)
        #expect(folder.names(in: "processing/me").filter { $0.hasSuffix(".json") }.count == 3)
        disk.heal()
        // The next sweep (every 5 s) moves it.
        for _ in 0..<2000 where folder.names(in: "outbox").count < 2 {
            clock.advance(by: .seconds(5))
            await agent.scanNow()
            try await Task.sleep(for: .milliseconds(5))
        }
        agent.stop()
        await running.value
        #expect(folder.names(in: "outbox") == ["a.json", "a.response.json"])
        #expect(script.sent.count == 1)
        #expect(folder.names(in: "processing").isEmpty)
    }

    @Test func withOnceAnUnwritableResultEndsTheRunWithoutLosingIt() async throws {
        let disk = FaultyFileSystem()
        disk.breakWrites(into: folder.path + "/outbox")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        let summary = await agent(ScriptedTransport([.json(200, #"{"code":0,"data":"{}"}"#)]), fileSystem: disk).run()
        #expect(summary.unsettled == 1)
        #expect(folder.names(in: "processing/me").contains { $0.hasSuffix(".response.json") })
        // The next start moves it, and sends nothing.
        disk.heal()
        let script = ScriptedTransport([])
        await agent(script).run()
        #expect(folder.names(in: "outbox") == ["a.json", "a.response.json"])
        #expect(script.sent.isEmpty)
    }

    /// A job a crash caught after its last move: nothing of it is left in `processing/` but its
    /// `settling` journal, which says where its record went.
    func leaveMovedJob(_ jobID: String, in owner: String, name: String) throws {
        let record = #"{"status": "success", "request": {"workflow_id": "1"}, "usage": {"input_count": 2, "output_count": 3, "token_count": 5}, "finished_at": "2026-11-30T10:00:00.000+08:00", "duration_ms": 7}"#
        try folder.write(#"{"workflow_id": "1"}"#, to: "outbox/\(name).json")
        try folder.write(record, to: "outbox/\(name).response.json")
        try leaveJob(jobID, in: owner, name: "\(name).json", request: nil, phase: .settling, destination: "outbox", stem: name)
    }

    @Test func aCrashBetweenTheLastMoveAndTheLedgerLineLosesNoLineAndDoublesNone() async throws {
        try leaveLease(of: "old")
        // The crash came before `moved`'s line…
        try leaveMovedJob("j1-x", in: "old", name: "unlined")
        // …or after it, before the journal went: its line is in the dead agent's file.
        try leaveMovedJob("j2-x", in: "old", name: "lined")
        let earlier = LedgerLine(time: Date(timeIntervalSince1970: 1_796_004_000), folder: "", sourceFile: "lined.json", status: "success",
                                 durationMilliseconds: 7, totalTokens: 5, job: "j2-x")
        try folder.write(String(decoding: earlier.csv(startingFile: true), as: UTF8.self), to: "ledger/2026-11.old.csv")
        let script = ScriptedTransport([])
        await agent(script).run()
        #expect(script.sent.isEmpty)
        #expect(folder.names(in: "processing").isEmpty)
        let lines = LedgerReader(root: folder.path).read().lines
        #expect(lines.map(\.sourceFile).sorted() == ["lined.json", "unlined.json"])
        let written = try #require(lines.first { $0.sourceFile == "unlined.json" })
        #expect(written.job == "j1-x")
        #expect(written.totalTokens == 5)
        #expect(written.inputTokens == 2)
        #expect(folder.names(in: "ledger") == ["2026-11.me.csv", "2026-11.old.csv"])
        // A second restart finds nothing more to write.
        await agent(ScriptedTransport([])).run()
        #expect(LedgerReader(root: folder.path).read().lines.count == 2)
    }

    @Test func aRunJobGetsOneLedgerLineWithItsTokens() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/b.json")
        let script = ScriptedTransport(calls: [
            .json(200, #"{"code":0,"data":"{}","execute_id":"e1","usage":{"input_count":10,"output_count":20,"token_count":30}}"#),
            .json(200, #"{"code":4000,"msg":"bad parameter"}"#),
        ], polls: [])
        await agent(script).run()
        let lines = LedgerReader(root: folder.path).read().lines.sorted { $0.sourceFile < $1.sourceFile }
        #expect(lines.map(\.sourceFile) == ["a.json", "b.json"])
        #expect(lines.map(\.status) == ["success", "failed"])
        #expect(lines[0].totalTokens == 30)
        #expect(lines[0].executeID == "e1")
        #expect(lines[1].errorKind != nil)
        #expect(Set(lines.compactMap(\.job)).count == 2)
    }
}
