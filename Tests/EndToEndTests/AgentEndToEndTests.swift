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

/// The agent with the real URLSession transport against the simulator on 127.0.0.1, on real folders.
@Suite struct AgentEndToEndTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator
    static let token = "pat_fake-end-to-end-token-0123456789"

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    func runOnce(concurrency: Int = 4) async -> RecordingEventSink {
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = true
        configuration.settle = .zero
        configuration.interval = .milliseconds(20)
        configuration.concurrency = concurrency
        configuration.simulated = true
        configuration.maximumRequestsPerSecond = 0
        let transport = URLSessionTransport()
        let client = CozeClient(baseURL: simulator.baseURL, token: Self.token, transport: transport.transport)
        let events = RecordingEventSink()
        await DropAgent(configuration: configuration, client: client, events: events).run()
        simulator.stop()
        return events
    }

    func record(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try folder.read(path))
    }

    @Test func runsEveryKindOfRequestAndFilesItWhereItBelongs() async throws {
        let fast = #""poll": {"initial_interval": 0.1, "max_interval": 0.2, "max_attempts": 5}"#
        let requests = [
            "sync ok.json": #"{"workflow_id": "7366468917055111111", "parameters": {"user_name": "George", "城市": "北京"}}"#,
            "async-ok.json": #"{"workflow_id": "7366468917055111111", "mode": "async", "parameters": {"_simulate": {"running_polls": 2}}, \#(fast)}"#,
            "async-fail.json": #"{"workflow_id": "1", "is_async": true, "parameters": {"_simulate": {"fail": "node LLM failed"}}, \#(fast)}"#,
            "still-running.json": #"{"workflow_id": "1", "mode": "async", "parameters": {"_simulate": {"running_polls": 100}}, "poll": {"initial_interval": 0.1, "max_interval": 0.1, "max_attempts": 2}}"#,
            "not-found.json": #"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4200}}}"#,
            "gateway.json": #"{"workflow_id": "1", "parameters": {"_simulate": {"http_status": 504}}}"#,
            "typo.json": #"{"workflow_id": "1", "paramters": {}}"#,
            "报告.json": "\u{FEFF}{\"workflow_id\": \"1\", \"parameters\": {\"text\": \"你好\"}}",
            "clash.json": #"{"workflow_id": "1"}"#,
        ]
        for (name, text) in requests { try folder.write(text, to: "inbox/\(name)") }
        try folder.write("an earlier result", to: "outbox/clash.json")
        try folder.write("not a request", to: "inbox/notes.txt")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/.hidden.json")

        _ = await runOnce()

        #expect(folder.names(in: "inbox") == [".hidden.json", "notes.txt"])
        #expect(folder.names(in: "processing").isEmpty)
        let outbox = folder.names(in: "outbox")
        for name in ["sync ok", "async-ok", "报告"] {
            #expect(outbox.contains("\(name).json") && outbox.contains("\(name).response.json"))
        }
        #expect(outbox.contains("clash.json") && outbox.contains { $0.hasPrefix("clash_") && $0.hasSuffix(".response.json") })
        #expect(try folder.read("outbox/clash.json") == "an earlier result")
        let failed = folder.names(in: "failed")
        #expect(failed == ["async-fail", "gateway", "not-found", "still-running", "typo"].flatMap { ["\($0).json", "\($0).response.json"] }.sorted())

        // The request is moved byte for byte; the record tells the story.
        #expect(try folder.read("outbox/sync ok.json") == requests["sync ok.json"])
        let sync = try record("outbox/sync ok.response.json")
        #expect(sync["status"] == .string("success"))
        #expect(sync["output"]?["output"]?["城市"] == .string("北京"))
        #expect(sync["simulated"] == .bool(true))
        #expect(sync["logid"]?.stringValue?.isEmpty == false)
        let async = try record("outbox/async-ok.response.json")
        #expect(async["polls"] == .integer(3))
        #expect(async["start_response"]?["execute_id"] == async["execute_id"])
        #expect(try record("failed/async-fail.response.json")["error"]?["kind"] == .string("workflow_failed"))
        #expect(try record("failed/still-running.response.json")["error"]?["kind"] == .string("timeout"))
        #expect(try record("failed/not-found.response.json")["error"]?["code"] == .integer(4200))
        let gateway = try record("failed/gateway.response.json")
        #expect(gateway["error"]?["http_status"] == .integer(504))
        #expect(gateway["response"]?.stringValue?.contains("<html>") == true)
        #expect(try record("failed/typo.response.json")["error"]?["message"]?.stringValue?.contains("did you mean `parameters`") == true)

        // Nothing invalid was sent, nothing was started twice.
        let statistics = simulator.statistics
        #expect(statistics.syncRuns == 5)
        #expect(statistics.asyncStarts == 3)
        #expect(statistics.unauthorized == 0)
    }

    @Test func theTokenAppearsInNoFileTheAgentWrites() async throws {
        try folder.write(#"{"workflow_id": "1", "parameters": {"a": 1}}"#, to: "inbox/a.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4100}}}"#, to: "inbox/b.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"http_status": 502}}}"#, to: "inbox/c.json")
        let events = await runOnce()
        var written = 0
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let relative = enumerator?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: folder.path + "/" + relative) else { continue }
            written += 1
            #expect(!String(decoding: data, as: UTF8.self).contains(Self.token), "\(relative) holds the token")
            #expect(!String(decoding: data, as: UTF8.self).contains("Bearer"), "\(relative) holds an Authorization header")
        }
        #expect(written == 12)  // three requests, their records and summaries, status.json, the agent's own status entry and its ledger
        #expect(!events.lines.joined().contains(Self.token))
    }

    @Test func resultsAreNoMoreReadableThanTheRequest() async throws {
        let path = try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/private.json")
        chmod(path, 0o600)
        _ = await runOnce()
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/outbox/private.response.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func runsFilesLeftInProcessingByAnEarlierRun() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "processing/left-over.json")
        _ = await runOnce()
        #expect(folder.names(in: "processing").isEmpty)
        #expect(folder.names(in: "outbox") == ["left-over.json", "left-over.response.json"])
    }

    @Test func runsABacklogWithBoundedConcurrency() async throws {
        for index in 0..<40 {
            try folder.write(#"{"workflow_id": "1", "parameters": {"n": \#(index), "_simulate": {"delay_ms": 20}}}"#, to: "inbox/job-\(index).json")
        }
        _ = await runOnce(concurrency: 3)
        #expect(folder.names(in: "outbox").count == 80)
        #expect(simulator.statistics.syncRuns == 40)
        #expect(Set(simulator.statistics.startedParameters).count == 40)
        #expect(simulator.statistics.peakRunsInFlight <= 3)
        #expect(simulator.statistics.peakRunsInFlight >= 2)
    }
}
