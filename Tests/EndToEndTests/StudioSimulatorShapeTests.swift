import CozeAPI
import CozeSimulator
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// The simulator's Coze Studio answers have the keys of the fixtures copied from Coze Studio's
/// handlers (`Tests/Conformance/studio/`), so tests against the simulator test against Studio's shapes.
private let studio = SimulatedWorkflowService(service: .studio)

private func call(_ method: String, _ path: String, query: String? = nil, body: String = "", token: String? = "pat_t",
                  contentType: String = "application/json") -> ServerResponse {
    var headers = ["content-type": contentType, "host": "127.0.0.1:8888"]
    if let token { headers["authorization"] = "Bearer \(token)" }
    return studio.handle(ServerRequest(method: method, path: path, query: query, headers: headers, body: Array(body.utf8)))
}

private func keys(_ value: JSONValue?) -> [String] { (value?.objectMembers ?? []).map(\.key).sorted() }

private func fixtureBody(_ name: String) throws -> JSONValue { try #require(try ConformanceFixture("studio/\(name)").document()["body"]) }

private func expectSameShape(_ response: ServerResponse, as fixture: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let expected = try fixtureBody(fixture)
    let body = try JSONParser().parse(bytes: response.body)
    #expect(response.status == (try ConformanceFixture("studio/\(fixture)").httpStatus()), sourceLocation: sourceLocation)
    #expect(keys(body) == keys(expected), sourceLocation: sourceLocation)
    if let item = expected["data"]?.arrayValue?.first {
        #expect(keys(body["data"]?.arrayValue?.first) == keys(item), sourceLocation: sourceLocation)
        if case .number(let literal)? = body["data"]?.arrayValue?.first?["execute_id"] {
            #expect(UInt64(literal).map { $0 > 1 << 53 } == true, sourceLocation: sourceLocation)
        } else {
            Issue.record("execute_id in the history is not a number", sourceLocation: sourceLocation)
        }
        #expect(body["data"]?.arrayValue?.first?["execute_status"] == item["execute_status"], sourceLocation: sourceLocation)
    } else if let data = expected["data"], data.objectMembers != nil {
        #expect(keys(body["data"]) == keys(data), sourceLocation: sourceLocation)
    }
    #expect(response.headers.contains { $0.0 == "X-Log-ID" }, sourceLocation: sourceLocation)
    #expect(!response.headers.contains { $0.0 == "X-Tt-Logid" }, sourceLocation: sourceLocation)
}

private func startAsync(_ simulate: String) throws -> String {
    let response = call("POST", "/v1/workflow/run", body: #"{"workflow_id":"7530000000000000100","is_async":true,"parameters":{"_simulate":\#(simulate)}}"#)
    try expectSameShape(response, as: "workflow_run_async_start.json")
    return try #require(try JSONParser().parse(bytes: response.body)["execute_id"]?.stringValue)
}

private func history(_ executeID: String) -> ServerResponse {
    call("GET", "/v1/workflow/get_run_history", query: "workflow_id=7530000000000000100&execute_id=\(executeID)")
}

private func events(_ response: ServerResponse) -> [ServerSentEvent] {
    guard case .stream(let parts, _) = response.delivery else { return [] }
    var parser = ServerSentEventParser()
    return parts.flatMap { parser.feed($0.bytes) }
}

private func fixtureEvents(_ name: String) throws -> [ServerSentEvent] {
    var parser = ServerSentEventParser()
    return parser.feed(try ConformanceFixture("studio/\(name)").bytes)
}

private func dataKeys(_ event: ServerSentEvent) -> [String] { keys(try? JSONParser().parse(event.data)) }

@Test func theStudioSimulatorsRunAnswersHaveStudiosShape() throws {
    try expectSameShape(call("POST", "/v1/workflow/run", body: #"{"workflow_id":"1","parameters":{"a":1}}"#), as: "workflow_run_sync.json")
    try expectSameShape(call("POST", "/v1/workflow/run", body: #"{"workflow_id":"1","parameters":{"_simulate":{"interrupt":"name?"}}}"#),
                        as: "workflow_run_sync_question.json")
    try expectSameShape(call("POST", "/v1/workflow/run", body: #"{"workflow_id":"1"}"#, token: nil), as: "error_bad_token.json")
    try expectSameShape(call("GET", "/v1/workflows/1/run_histories/2"), as: "error_hosted_history_path.json")
    try expectSameShape(call("POST", "/v1/workflows/resume", body: "{}"), as: "error_hosted_history_path.json")
}

@Test(arguments: [
    (#"{"running_polls":1}"#, ["get_run_history_running.json", "get_run_history_success.json"]),
    (#"{"fail":"node failed"}"#, ["get_run_history_fail.json"]),
    (#"{"cancel":true}"#, ["get_run_history_cancel.json"]),
    (#"{"interrupt":"name?"}"#, ["get_run_history_interrupted.json"]),
])
func theStudioSimulatorsHistoryHasStudiosShape(simulate: String, fixtures: [String]) throws {
    let executeID = try startAsync(simulate)
    for fixture in fixtures { try expectSameShape(history(executeID), as: fixture) }
}

@Test func theStudioSimulatorsUploadHasStudiosShapeAndAURL() throws {
    let body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n--b--\r\n"
    let response = call("POST", "/v1/files/upload", body: body, contentType: "multipart/form-data; boundary=b")
    try expectSameShape(response, as: "files_upload.json")
    let url = try JSONParser().parse(bytes: response.body)["data"]?["url"]?.stringValue
    #expect(url?.hasPrefix("http://127.0.0.1:8888/local_storage/opencoze/") == true)
}

@Test(arguments: [
    (#"{"chunks":1}"#, "stream_run_variables.sse"),
    (#"{"chunks":1,"fail":"node failed"}"#, "stream_run_error.sse"),
    (#"{"chunks":1,"interrupt":"name?"}"#, "stream_run_question.sse"),
    (#"{"chunks":1,"stream_fault":"error"}"#, "stream_run_read_error.sse"),
])
func theStudioSimulatorsStreamsEndLikeStudios(simulate: String, fixture: String) throws {
    let response = call("POST", "/v1/workflow/stream_run", body: #"{"workflow_id":"1","parameters":{"_simulate":\#(simulate)}}"#)
    // The simulated Message node's text comes first; the fixtures hold only how a run ends.
    let sent = events(response).filter { (try? JSONParser().parse($0.data))?["node_type"] != .string("Message") }
    let expected = try fixtureEvents(fixture)
    #expect(sent.map(\.event) == expected.map(\.event))
    for (got, want) in zip(sent, expected) {
        #expect(dataKeys(got) == dataKeys(want), "\(got.event)")
        #expect(got.id == nil ? want.id == nil : want.id != nil)
    }
    #expect(!events(response).contains { $0.event == "PING" })
}
