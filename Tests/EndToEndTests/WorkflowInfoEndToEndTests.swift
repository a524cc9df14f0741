import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OrderedJSON
import TestSupport
import Testing

/// Workflow info: the simulator's answer against the docs' example, the agent's pre-check through
/// real folders and the real transport, and the `validate --online` and `workflow` commands.
@Suite struct WorkflowInfoEndToEndTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    func send(_ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, json: JSONValue) {
        var request = URLRequest(url: URL(string: simulator.baseURL.absoluteString + path)!)
        request.httpMethod = method
        request.setValue("Bearer pat_info-test", forHTTPHeaderField: "Authorization")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try JSONParser().parse(bytes: Array(data)))
    }

    static func keys(_ value: JSONValue?) -> Set<String> { Set(value?.objectMembers?.map(\.key) ?? []) }

    @Test func theSimulatorAnswersWorkflowInfoWithTheKeysOfTheDocsExample() async throws {
        defer { simulator.stop() }
        let fixture = try ConformanceFixture("hosted/get_workflow_info.json").document()["body"]
        let (status, answer) = try await send("GET", "/v1/workflows/\(SimulatedWorkflowService.exampleWorkflowID)?include_input_output=true")
        #expect(status == 200)
        #expect(Self.keys(answer) == Self.keys(fixture))
        #expect(Self.keys(answer["data"]) == Self.keys(fixture?["data"]))
        #expect(Self.keys(answer["data"]?["workflow_detail"]) == Self.keys(fixture?["data"]?["workflow_detail"]))
        #expect(Self.keys(answer["data"]?["workflow_detail"]?["creator"]) == Self.keys(fixture?["data"]?["workflow_detail"]?["creator"]))
        #expect(Self.keys(answer["data"]?["input"]) == Self.keys(fixture?["data"]?["input"]))
        #expect(Self.keys(answer["data"]?["input"]?["parameters"]?["user_name"]) == Self.keys(fixture?["data"]?["input"]?["parameters"]?["CONVERSATION_NAME"]))
        // `content` comes only with `use_answer_content`; the example workflow returns variables.
        let outputKeys = Self.keys(answer["data"]?["output"])
        #expect(outputKeys.isSubset(of: Self.keys(fixture?["data"]?["output"])))
        #expect(answer["data"]?["output"]?["terminate_plan"] == .string("return_variables"))
        #expect(answer["detail"]?["logid"]?.stringValue?.isEmpty == false)
    }

    @Test func aRegisteredWorkflowIsAnsweredAndAnUnknownOneLacksPermission() async throws {
        defer { simulator.stop() }
        let unknown = try await send("GET", "/v1/workflows/42?include_input_output=true")
        #expect(unknown.json["code"] == .integer(4101))
        let registered = try await send("POST", "/_simulator/workflows/42", body: #"{"input":{"parameters":{"city":{"type":"string","required":true}}}}"#)
        #expect(registered.status == 200)
        let client = CozeClient(baseURL: simulator.baseURL, token: "t", urlSession: URLSessionTransport())
        let info = try await client.workflowInfo(workflowID: "42")
        #expect(info.inputs == [WorkflowInput(name: "city", type: "string", required: true)])
        #expect(info.workflowID == "42")
        #expect(simulator.statistics.workflowInfos == 2)
    }

    @Test func aMisspeltParameterLandsInFailedWithoutARunAndOtherWorkflowsRunUnchecked() async throws {
        try folder.write(#"{"workflow_id": "7366468917055111111", "parameters": {"user_nmae": "George"}}"#, to: "inbox/typo.json")
        try folder.write(#"{"workflow_id": "7366468917055111111", "parameters": {"user_name": "George"}}"#, to: "inbox/good.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"anything": 1}}"#, to: "inbox/a.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"anything": 2}}"#, to: "inbox/b.json")
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = true
        configuration.settle = .zero
        configuration.interval = .milliseconds(20)
        configuration.maximumRequestsPerSecond = 0
        configuration.checksParameters = true
        let client = CozeClient(baseURL: simulator.baseURL, token: "t", transport: URLSessionTransport().transport)
        let events = RecordingEventSink()
        await DropAgent(configuration: configuration, client: client, events: events).run()
        simulator.stop()

        #expect(folder.names(in: "failed") == ["typo.json", "typo.response.json"])
        #expect(folder.names(in: "outbox") == ["a.json", "a.response.json", "b.json", "b.response.json", "good.json", "good.response.json"])
        let record = try JSONParser().parse(try folder.read("failed/typo.response.json"))
        #expect(record["error"]?["kind"] == .string("invalid_request"))
        #expect(record["error"]?["message"]?.stringValue?.contains("did you mean `user_name`") == true)
        #expect(try folder.read("failed/typo.result.txt").contains("did you mean `user_name`"))
        let statistics = simulator.statistics
        #expect(statistics.syncRuns == 3)
        #expect(!statistics.startedParameters.contains { $0.contains("user_nmae") })
        #expect(statistics.workflowInfos == 2)
        #expect(events.lines.filter { $0.hasPrefix("could not check parameters of workflow 1:") }.count == 1)
    }

    @Test func watchSaysOnceThatAWorkflowWithoutInfoRunsUnchecked() async throws {
        simulator.stop()
        try folder.write(#"{"workflow_id": "1", "parameters": {"a": 1}}"#, to: "inbox/a.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"a": 2}}"#, to: "inbox/b.json")
        try folder.write(#"{"workflow_id": "7366468917055111111", "parameters": {"user_nmae": "George"}}"#, to: "inbox/typo.json")
        let outcome = try await BuiltCommand.run(["watch", "--once", "--simulator", "--settle", "0", "--interval", "0.05"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        let lines = outcome.output.split(separator: "\n").filter { $0.contains("could not check parameters of workflow 1: ") }
        #expect(lines.count == 1, "\(outcome.output)")
        #expect(lines.first?.hasSuffix("running unchecked") == true)
        #expect(outcome.output.contains("typo.json: failed (invalid_request)"))
        #expect(folder.names(in: "outbox").count == 4)
    }

    @Test func validateOnlineNamesWhatWouldFailAndExitsOne() async throws {
        simulator.stop()
        let typo = try folder.write(#"{"workflow_id": "7366468917055111111", "parameters": {"user_nmae": "George"}}"#, to: "typo.json")
        let good = try folder.write(#"{"workflow_id": "7366468917055111111", "parameters": {"user_name": "George"}}"#, to: "good.json")
        let other = try folder.write(#"{"workflow_id": "1", "parameters": {"x": 1}}"#, to: "other.json")
        let failing = try await BuiltCommand.run(["validate", "--online", "--simulator", typo, good, other])
        #expect(failing.status == 1)
        #expect(failing.output.contains("typo.json: 1 problem(s):"))
        #expect(failing.output.contains("did you mean `user_name`?"))
        #expect(failing.output.contains("good.json: valid"))
        #expect(failing.output.contains("could not check parameters of workflow 1:"))
        #expect(failing.output.contains("other.json: valid"))
        let passing = try await BuiltCommand.run(["validate", "--online", "--simulator", good, other, "--lang", "zh"])
        #expect(passing.status == 0, "\(passing.output)")
        #expect(passing.output.contains("无法检查工作流 1 的参数"))
        let offline = try await BuiltCommand.run(["validate", typo])
        #expect(offline.status == 0)
        let studio = try await BuiltCommand.run(["validate", "--online", "--simulator", "--service", "studio", typo])
        #expect(studio.status == 0)
        #expect(studio.output.contains("Coze Studio answers workflow info only for chatflows"))
    }

    @Test func theWorkflowCommandShowsNameInputsAndOutputs() async throws {
        simulator.stop()
        let shown = try await BuiltCommand.run(["workflow", "7366468917055111111", "--simulator", "--lang", "en"])
        #expect(shown.status == 0, "\(shown.error)")
        for line in ["workflow 7366468917055111111: greet_user", "inputs:", "  user_name (string, required) — The name to greet",
                     "outputs (returns variables):", "  output: string"] {
            #expect(shown.output.contains(line), "missing \(line) in \(shown.output)")
        }
        let chinese = try await BuiltCommand.run(["workflow", "7366468917055111111", "--simulator", "--lang", "zh"])
        #expect(chinese.output.contains("user_name（string，必填）：The name to greet"))
        let unknown = try await BuiltCommand.run(["workflow", "42", "--simulator", "--lang", "en"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("cannot read workflow 42") && unknown.error.contains("4101"))
        let bad = try await BuiltCommand.run(["workflow", "abc", "--simulator"])
        #expect(bad.status == 2)
        let missing = try await BuiltCommand.run(["workflow"])
        #expect(missing.status == 2)
    }
}
