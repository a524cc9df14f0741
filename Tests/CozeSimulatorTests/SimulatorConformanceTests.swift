import CozeAPI
import CozeSimulator
import Foundation
import OrderedJSON
import TestSupport
import Testing

// The simulator's answers checked against the hosted service's own examples (Tests/Conformance/hosted/)
// for shape: every key a fixture's body has, at any depth, is in the simulator's answer with the same
// JSON type. Values are not compared (ids, times and texts differ by design). Extra keys are fine.

private let workflowID = "73664689170551"

private func request(_ method: String, _ path: String, body: String = "") -> ServerRequest {
    ServerRequest(method: method, path: path, query: nil,
                  headers: ["content-type": "application/json", "authorization": "Bearer pat_conformance"], body: Array(body.utf8))
}

private func answer(_ service: SimulatedWorkflowService, _ method: String, _ path: String, body: String = "") throws -> JSONValue {
    let response = service.handle(request(method, path, body: body))
    #expect(response.status == 200)
    return try JSONParser().parse(bytes: response.body)
}

private func fixtureBody(_ name: String) throws -> JSONValue {
    try #require(try ConformanceFixture("hosted/\(name)").document()["body"])
}

private func kind(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "bool"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
}

/// Where `simulated` lacks a key `fixture` has, or has it with another JSON type, as readable lines
/// (`data[0].error_message: missing`). Arrays are compared by their first items. `knownAbsent` names
/// paths the simulator leaves out on purpose.
private func shapeDifferences(fixture: JSONValue, simulated: JSONValue, at path: String = "", knownAbsent: Set<String> = []) -> [String] {
    switch (fixture, simulated) {
    case (.object(let expected), .object):
        return expected.flatMap { member -> [String] in
            let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
            guard let value = simulated[member.key] else {
                return knownAbsent.contains(memberPath) ? [] : ["\(memberPath): missing"]
            }
            return shapeDifferences(fixture: member.value, simulated: value, at: memberPath, knownAbsent: knownAbsent)
        }
    case (.array(let expected), .array(let items)):
        guard let first = expected.first else { return [] }
        guard let item = items.first else { return ["\(path): empty array, the fixture has items"] }
        return shapeDifferences(fixture: first, simulated: item, at: "\(path)[0]", knownAbsent: knownAbsent)
    default:
        return kind(fixture) == kind(simulated) ? [] : ["\(path): \(kind(simulated)), the fixture has \(kind(fixture))"]
    }
}

/// The JSON held in a string value (`data`, `output`, `Output`, `interrupt_data.data`).
private func embedded(_ value: JSONValue?) throws -> JSONValue {
    try JSONParser().parse(try #require(value?.stringValue))
}

private func events(of bytes: [UInt8]) -> [ServerSentEvent] {
    var parser = ServerSentEventParser()
    return parser.feed(bytes) + parser.finish()
}

private func streamedEvents(_ response: ServerResponse) throws -> [ServerSentEvent] {
    guard case .stream(let parts, let ending) = response.delivery else {
        Issue.record("the simulator did not stream: \(response.delivery)")
        return []
    }
    #expect(ending == .complete)
    return events(of: parts.flatMap(\.bytes))
}

private func data(_ event: ServerSentEvent) throws -> JSONValue { try JSONParser().parse(event.data) }

/// Starts an async run and polls it until `done` says its history item is what the test needs.
private func pollAsyncRun(_ service: SimulatedWorkflowService, simulate: String, until done: (JSONValue) -> Bool) throws -> (executeID: String, item: JSONValue) {
    let start = try answer(service, "POST", "/v1/workflow/run",
                           body: #"{"workflow_id":"\#(workflowID)","is_async":true,"parameters":{"_simulate":\#(simulate)}}"#)
    let executeID = try #require(start["execute_id"]?.stringValue)
    for _ in 0..<10 {
        let history = try answer(service, "GET", "/v1/workflows/\(workflowID)/run_histories/\(executeID)")
        let item = try #require(history["data"]?.arrayValue?.first)
        if done(item) { return (executeID, item) }
    }
    Issue.record("the async run never reached the state the test waits for")
    throw CancellationError()
}

@Test func aSyncRunAnswersWithTheShapeOfTheDocsExample() throws {
    let simulated = try answer(SimulatedWorkflowService(), "POST", "/v1/workflow/run",
                               body: #"{"workflow_id":"\#(workflowID)","parameters":{"city":"北京"}}"#)
    #expect(shapeDifferences(fixture: try fixtureBody("workflow_run_sync.json"), simulated: simulated) == [])
}

@Test func aSyncRunThatAsksAnInputNodeQuestionAnswersWithTheShapeOfTheDocsExample() throws {
    let simulated = try answer(SimulatedWorkflowService(), "POST", "/v1/workflow/run",
                               body: #"{"workflow_id":"\#(workflowID)","parameters":{"_simulate":{"interrupt":"请上传图片","interrupt_fields":["img"]}}}"#)
    #expect(shapeDifferences(fixture: try fixtureBody("workflow_run_interrupt.json"), simulated: simulated) == [])
}

@Test func anAsyncStartAnswersWithTheShapeOfTheDocsExample() throws {
    let simulated = try answer(SimulatedWorkflowService(), "POST", "/v1/workflow/run",
                               body: #"{"workflow_id":"\#(workflowID)","is_async":true,"parameters":{}}"#)
    #expect(shapeDifferences(fixture: try fixtureBody("workflow_run_async_start.json"), simulated: simulated) == [])
}

@Test func aFinishedAsyncRunsHistoryHasTheShapeOfTheDocsExampleDownToItsTextModeOutput() throws {
    let service = SimulatedWorkflowService()
    let fixture = try fixtureBody("workflow_history_success.json")
    let history = try answer(service, "GET", "/v1/workflows/\(workflowID)/run_histories/\(try pollAsyncRun(service, simulate: #"{"end_text":"来找姐姐有什么事呀"}"#) { $0["execute_status"] == .string("Success") }.executeID)")
    #expect(shapeDifferences(fixture: fixture, simulated: history) == [])
    // `output` → `Output` → the End node's text-mode wrapper, as in the example.
    let expectedOutput = try embedded(fixture["data"]?.arrayValue?.first?["output"])
    let simulatedOutput = try embedded(history["data"]?.arrayValue?.first?["output"])
    #expect(shapeDifferences(fixture: expectedOutput, simulated: simulatedOutput) == [])
    let expectedEnd = try embedded(expectedOutput["Output"])
    let simulatedEnd = try embedded(simulatedOutput["Output"])
    #expect(shapeDifferences(fixture: expectedEnd, simulated: simulatedEnd) == [])
    #expect(simulatedEnd["content_type"] == expectedEnd["content_type"])
    #expect(simulatedEnd["data"] == .string("来找姐姐有什么事呀"))
}

@Test func aRunningAsyncRunsHistoryHasTheShapeOfCozepysFixture() throws {
    let service = SimulatedWorkflowService()
    let (_, item) = try pollAsyncRun(service, simulate: #"{"running_polls":3}"#) { $0["execute_status"] == .string("Running") }
    let fixture = try fixtureBody("workflow_history_running.json")
    #expect(shapeDifferences(fixture: fixture, simulated: .object(["data": .array([item])])) == [])
    #expect(try embedded(item["output"])["Output"] == .string("null"))
}

@Test func anAsyncRunAskedAgainAfterAnAnswerGetsTheShapeOfTheDocsResumeExample() throws {
    let service = SimulatedWorkflowService()
    let (_, item) = try pollAsyncRun(service, simulate: #"{"interrupt":"请上传图片","questions":2,"interrupt_fields":["img"]}"#) {
        $0["interrupt_data"] != nil
    }
    let question = try #require(item["interrupt_data"])
    let eventID = try #require(question["event_id"]?.stringValue)
    let type = try #require(question["type"]?.integerValue)
    let simulated = try answer(service, "POST", "/v1/workflows/resume",
                               body: #"{"workflow_id":"\#(workflowID)","event_id":"\#(eventID)","resume_data":"{}","interrupt_type":\#(type)}"#)
    let fixture = try fixtureBody("workflows_resume.json")
    #expect(shapeDifferences(fixture: fixture, simulated: simulated) == [])
    // `interrupt_data.data` holds `{"content_type":"text","content":…}` in both.
    let expectedData = try embedded(fixture["interrupt_data"]?["data"])
    let simulatedData = try embedded(simulated["interrupt_data"]?["data"])
    #expect(shapeDifferences(fixture: expectedData, simulated: simulatedData) == [])
    #expect(simulated["interrupt_data"]?["type"] == fixture["interrupt_data"]?["type"])
    // A client that polls instead finds the same question waiting.
    let executeID = try #require(simulated["execute_id"]?.stringValue)
    let polled = try answer(service, "GET", "/v1/workflows/\(workflowID)/run_histories/\(executeID)")
    #expect(polled["data"]?.arrayValue?.first?["interrupt_data"]?["event_id"] == simulated["interrupt_data"]?["event_id"])
}

@Test func aTrimmedOutputsExecuteNodesAnswerHasTheShapeOfTheDocsExample() throws {
    let service = SimulatedWorkflowService()
    let long = String(repeating: "零的奇妙冒险。", count: 40)
    let (executeID, item) = try pollAsyncRun(service, simulate: #"{"trimmed":"\#(long)"}"#) { $0["execute_status"] == .string("Success") }
    #expect(item["is_output_trimmed"] == .bool(true))
    let node = try #require(item["node_execute_status"]?.objectMembers?.first?.value)
    let uuid = try #require(node["node_execute_uuid"]?.stringValue)
    let simulated = try answer(service, "GET", "/v1/workflows/\(workflowID)/run_histories/\(executeID)/execute_nodes/\(uuid)")
    #expect(shapeDifferences(fixture: try fixtureBody("execute_nodes.json"), simulated: simulated) == [])
    #expect(simulated["data"]?["node_output"] == .string(long))
    // Our client escapes every non-alphanumeric character of a path segment; `%2D` is still `-`.
    let escaped = try answer(service, "GET", "/v1/workflows/\(workflowID)/run_histories/\(executeID)/execute_nodes/"
                             + (uuid.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? uuid))
    #expect(escaped["data"]?["node_output"] == .string(long))
}

@Test func anUploadAnswersWithTheShapeOfTheDocsExample() throws {
    let boundary = "ConformanceBoundary"
    let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"1120.jpeg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEG bytes\r\n--\(boundary)--\r\n"
    let response = SimulatedWorkflowService().handle(ServerRequest(
        method: "POST", path: "/v1/files/upload", query: nil,
        headers: ["content-type": "multipart/form-data; boundary=\(boundary)", "authorization": "Bearer pat_conformance"], body: Array(body.utf8)))
    let simulated = try JSONParser().parse(bytes: response.body)
    #expect(shapeDifferences(fixture: try fixtureBody("files_upload.json"), simulated: simulated) == [])
}

@Test func aStreamsEventsCarryEveryKeyOfTheDocsStreamExample() throws {
    let fixture = events(of: try ConformanceFixture("hosted/workflow_stream_run.sse").bytes)
    let response = SimulatedWorkflowService().handle(request("POST", "/v1/workflow/stream_run", body: #"""
        {"workflow_id":"\#(workflowID)","parameters":{"_simulate":{"end_text":"春眠不觉晓，处处闻啼鸟","end_title":"结束","chunks":3}}}
        """#))
    let simulated = try streamedEvents(response)
    #expect(Set(fixture.map(\.event)).isSubset(of: Set(simulated.map(\.event))))
    // The docs' End message has an empty title; the simulator's is named and typed.
    func isEnd(_ event: ServerSentEvent) throws -> Bool {
        let value = try data(event)
        return event.event == "Message" && (value["node_type"] == .string("End") || value["node_title"] == .string(""))
    }
    let expectedEnd = try #require(try fixture.first(where: isEnd))
    let simulatedEnds = try simulated.filter(isEnd)
    #expect(simulatedEnds.count == 3)
    for end in simulatedEnds {
        #expect(shapeDifferences(fixture: try data(expectedEnd), simulated: try data(end)) == [])
    }
    let expectedMessage = try #require(try fixture.first { try $0.event == "Message" && !isEnd($0) })
    let simulatedMessage = try #require(try simulated.first { try $0.event == "Message" && !isEnd($0) })
    #expect(shapeDifferences(fixture: try data(expectedMessage), simulated: try data(simulatedMessage)) == [])
    let expectedDone = try #require(fixture.first { $0.event == "Done" })
    let simulatedDone = try #require(simulated.first { $0.event == "Done" })
    #expect(shapeDifferences(fixture: try data(expectedDone), simulated: try data(simulatedDone)) == [])
}

@Test func aStreamedQuestionCarriesEveryKeyOfTheDocsInterruptExample() throws {
    let fixture = events(of: try ConformanceFixture("hosted/workflow_stream_interrupt.sse").bytes)
    let response = SimulatedWorkflowService().handle(request("POST", "/v1/workflow/stream_run", body: #"""
        {"workflow_id":"\#(workflowID)","parameters":{"_simulate":{"interrupt":"请问你想查看哪个城市、哪一天的天气呢"}}}
        """#))
    let simulated = try streamedEvents(response)
    #expect(fixture.map(\.event) == ["Message", "Interrupt"])
    #expect(Array(simulated.suffix(2).map(\.event)) == ["Message", "Interrupt"])
    for (expected, actual) in zip(fixture, simulated.suffix(2)) {
        #expect(shapeDifferences(fixture: try data(expected), simulated: try data(actual)) == [], "\(expected.event)")
    }
}
