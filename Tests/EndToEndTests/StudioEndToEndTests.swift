import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

/// `--service studio` end to end: the agent with the real URLSession transport against the simulator
/// playing Coze Studio on 127.0.0.1, and the built command.
@Suite struct StudioEndToEndTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator(service: .studio)
    }

    @discardableResult
    func runOnce() async -> RecordingEventSink {
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, token: "pat_studio-test", service: .studio) {
            $0.streamIdleTimeout = JobRunner.studioStreamIdleTimeout
            $0.identity = AgentIdentity(id: "me", host: "here", pid: getpid())
        }
    }

    func record(_ path: String) throws -> JSONValue { try JSONParser().parse(try folder.read(path)) }

    @Test func syncAsyncCancelledAndAskingRunsEndAsStudioSaysTheyDid() async throws {
        try folder.write(#"{"workflow_id": "7530000000000000100", "parameters": {"city": "北京"}, "workflow_version": "v0.0.1"}"#, to: "inbox/sync.json")
        try folder.write(#"{"workflow_id": "7530000000000000100", "mode": "async", "poll": {"initial_interval": 0.1, "max_interval": 0.1}, "parameters": {"_simulate": {"running_polls": 1}}}"#, to: "inbox/async.json")
        try folder.write(#"{"workflow_id": "7530000000000000100", "mode": "async", "poll": {"initial_interval": 0.1, "max_interval": 0.1}, "parameters": {"_simulate": {"cancel": true}}}"#, to: "inbox/cancel.json")
        try folder.write(#"{"workflow_id": "7530000000000000100", "mode": "async", "poll": {"initial_interval": 0.1, "max_interval": 0.1}, "parameters": {"_simulate": {"interrupt": "name?"}}}"#, to: "inbox/asks.json")
        try folder.write(#"{"workflow_id": "7530000000000000100", "parameters": {"_simulate": {"interrupt": "name?"}}}"#, to: "inbox/asks-sync.json")
        let events = await runOnce()
        defer { simulator.stop() }
        let sync = try record("outbox/sync.response.json")
        #expect(sync["status"] == .string("success"))
        #expect(sync["output"]?["output"]?["city"] == .string("北京"))
        #expect(sync["logid"]?.stringValue?.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) != nil)
        let async = try record("outbox/async.response.json")
        #expect(async["status"] == .string("success"))
        #expect(async["polls"] == .integer(2))
        let cancelled = try record("failed/cancel.response.json")
        #expect(cancelled["error"]?["kind"] == .string("cancelled"))
        let asks = try record("failed/asks.response.json")
        #expect(asks["error"]?["message"]?.stringValue?.contains(#""mode": "stream""#) == true)
        #expect(asks["polls"] == .integer(1))
        let asksSync = try record("failed/asks-sync.response.json")
        #expect(asksSync["error"]?["code"] == .integer(6039))
        #expect(asksSync["error"]?["message"]?.stringValue?.contains(#""mode": "stream""#) == true)
        #expect(events.lines.filter { $0.contains("workflow_version` is ignored by Coze Studio") }.count == 1)
    }

    @Test func aStreamedRunAndAnUploadGoThroughStudiosShapes() async throws {
        try folder.write("JPEG bytes", to: "inbox/photo.jpg")
        try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"image": {"$file": "photo.jpg"}, "_simulate": {"chunks": 2}}}"#, to: "inbox/s.json")
        _ = await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.uploads == 1)
        let sent = try JSONParser().parse(try #require(simulator.statistics.startedParameters.first))
        // Studio resolves file_id only in chatflows: the workflow gets the upload's URL.
        #expect(sent["image"]?.stringValue?.hasPrefix("http://127.0.0.1:\(simulator.port)/local_storage/opencoze/") == true)
        let path = folder.names(in: "outbox").contains("s.response.json") ? "outbox/s.response.json" : "failed/s.response.json"
        let result = try record(path)
        let upload = try #require(result["uploads"]?.arrayValue?.first)
        #expect(upload["file_id"]?.stringValue?.isEmpty == false)
        #expect(upload["url"] == sent["image"])
        let events = try #require(result["events"]?.arrayValue)
        #expect(events.last?["event"] == .string("Done"))
        #expect(!events.contains { $0["event"] == .string("PING") })
        #expect(result["status"] == .string("success"))
    }

    @Test func runTalksToTheStudioSimulatorAndRefusesAMistypedService() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "parameters": {"a": 1}}"#, to: "request.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator", "--service", "studio"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        let saved = try #require(folder.names(in: "").first { $0.hasPrefix("sync_") })
        let record = try JSONParser().parse(try folder.read(saved))
        #expect(record["response"]?["BaseResp"] == .null)
        #expect(record["response"]?["token"] == .integer(57))

        let typo = try await BuiltCommand.run(["run", request, "--simulator", "--service", "stdio"], in: folder.path)
        #expect(typo.status == 2)
        #expect(typo.error.contains("`--service` must be `coze`"))
        let insecure = try await BuiltCommand.run(["run", request, "--base-url", "http://192.168.1.20:8888"], environment: ["COZE_API_TOKEN": "pat_x"], in: folder.path)
        #expect(insecure.status == 2)
        #expect(insecure.error.contains("--service studio"))
        let publicHTTP = try await BuiltCommand.run(["run", request, "--service", "studio", "--base-url", "http://8.8.8.8"], environment: ["COZE_API_TOKEN": "pat_x"], in: folder.path)
        #expect(publicHTTP.status == 2)
        #expect(publicHTTP.error.contains("public address"))
    }

    @Test func aFoldersSettingsFileChoosesStudio() async throws {
        try folder.write(#"{"service": "studio"}"#, to: "coze-drop.json")
        try folder.write(#"{"workflow_id": "1", "mode": "async", "poll": {"initial_interval": 0.1, "max_interval": 0.1}, "parameters": {"_simulate": {"cancel": true}}}"#, to: "inbox/c.json")
        let outcome = try await BuiltCommand.run(["watch", "--once", "--simulator", "--settle", "0", "--root", folder.path])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("service = \"studio\""))
        #expect(try record("failed/c.response.json")["error"]?["kind"] == .string("cancelled"))
        try folder.write(#"{"service": "stuido"}"#, to: "coze-drop.json")
        let typo = try await BuiltCommand.run(["watch", "--once", "--simulator", "--root", folder.path])
        #expect(typo.status == 2)
        #expect(typo.error.contains("`--service` must be"))
    }

    @Test func watchWarnsOnceThatTheTokenTravelsUnencryptedOnAPrivateNetwork() async throws {
        // An empty inbox with --once makes no call, so nothing leaves this machine.
        let outcome = try await BuiltCommand.run(["watch", "--once", "--service", "studio", "--base-url", "http://10.255.255.1:8888", "--root", folder.path],
                                           environment: ["COZE_API_TOKEN": "pat_x"])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.components(separatedBy: "travels unencrypted").count == 2, "\(outcome.output)")
    }

    @Test func validateWithStudioSaysWorkflowVersionIsIgnored() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "workflow_version": "v0.0.5"}"#, to: "request.json")
        let studio = try await BuiltCommand.run(["validate", request, "--service", "studio"])
        #expect(studio.status == 0, "\(studio.error)")
        #expect(studio.output.contains("ignored by Coze Studio"))
        let hosted = try await BuiltCommand.run(["validate", request])
        #expect(!hosted.output.contains("Coze Studio"))
    }
}
