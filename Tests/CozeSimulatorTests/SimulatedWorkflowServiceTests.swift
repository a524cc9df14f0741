import CozeSimulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OrderedJSON
import Testing

private func request(_ method: String, _ path: String, body: String = "", token: String? = "t") -> ServerRequest {
    var headers = ["content-type": "application/json"]
    if let token { headers["authorization"] = "Bearer \(token)" }
    return ServerRequest(method: method, path: path, query: nil, headers: headers, body: Array(body.utf8))
}

private func json(_ response: ServerResponse) throws -> JSONValue {
    try JSONParser().parse(bytes: response.body)
}

private func header(_ response: ServerResponse, _ name: String) -> String? {
    response.headers.first { $0.0.lowercased() == name.lowercased() }?.1
}

@Test func refusesACallWithoutATokenWithCode4100() throws {
    let service = SimulatedWorkflowService()
    let response = service.handle(request("POST", "/v1/workflow/run", body: #"{"workflow_id":"1"}"#, token: nil))
    #expect(response.status == 401)
    #expect(try json(response)["code"] == .integer(4100))
    #expect(service.statistics.unauthorized == 1)
    #expect(service.statistics.syncRuns == 0)
}

@Test func aSyncRunEchoesItsParametersAsAStringDataField() throws {
    let service = SimulatedWorkflowService()
    let response = service.handle(request("POST", "/v1/workflow/run", body: #"{"workflow_id":"1","parameters":{"city":"北京"}}"#))
    let body = try json(response)
    #expect(body["code"] == .integer(0))
    let data = try #require(body["data"]?.stringValue)
    #expect(try JSONParser().parse(data) == .object(["output": .object(["city": .string("北京")])]))
    #expect(body["detail"]?["logid"]?.stringValue == header(response, "X-Tt-Logid"))
    #expect(body["debug_url"]?.stringValue?.contains("execute_id=") == true)
}

@Test func anAsyncRunStartsWithoutCodeThenRunsThenSucceeds() throws {
    let service = SimulatedWorkflowService()
    let start = try json(service.handle(request("POST", "/v1/workflow/run", body: #"{"workflow_id":"9","is_async":true,"parameters":{"_simulate":{"running_polls":1}}}"#)))
    #expect(start["code"] == nil)
    let executeID = try #require(start["execute_id"]?.stringValue)
    let first = try json(service.handle(request("GET", "/v1/workflows/9/run_histories/\(executeID)")))
    #expect(first["data"]?.arrayValue?.count == 1)
    #expect(first["data"]?.arrayValue?.first?["execute_status"] == .string("Running"))
    let second = try json(service.handle(request("GET", "/v1/workflows/9/run_histories/\(executeID)")))
    let item = try #require(second["data"]?.arrayValue?.first)
    #expect(item["execute_status"] == .string("Success"))
    #expect(item["error_code"] == .string(""))
    // As the docs' history example: the End output is a JSON string under `Output`.
    #expect(item["output"]?.stringValue == #"{"Output":"{\"output\":{}}"}"#)
    #expect(service.statistics.asyncStarts == 1)
    #expect(service.statistics.polls == 2)
}

@Test func aScriptedFailureEndsAsFailWithAStringErrorCode() throws {
    let service = SimulatedWorkflowService()
    let start = try json(service.handle(request("POST", "/v1/workflow/run", body: #"{"workflow_id":"9","is_async":true,"parameters":{"_simulate":{"fail":"boom"}}}"#)))
    let executeID = try #require(start["execute_id"]?.stringValue)
    let item = try #require(try json(service.handle(request("GET", "/v1/workflows/9/run_histories/\(executeID)")))["data"]?.arrayValue?.first)
    #expect(item["execute_status"] == .string("Fail"))
    #expect(item["error_code"]?.stringValue?.isEmpty == false)
    #expect(item["error_message"] == .string("boom"))
}

@Test func scriptedHTTPErrorsAndBusinessCodesReplaceTheAnswer() throws {
    let service = SimulatedWorkflowService()
    let gateway = service.handle(request("POST", "/v1/workflow/run", body: #"{"workflow_id":"1","parameters":{"_simulate":{"http_status":504}}}"#))
    #expect(gateway.status == 504)
    #expect((try? json(gateway)) == nil)
    let refused = try json(service.handle(request("POST", "/v1/workflow/run", body: #"{"workflow_id":"1","parameters":{"_simulate":{"code":6003}}}"#)))
    #expect(refused["code"] == .integer(6003))
}

@Test(arguments: [
    #"{"parameters":{}}"#,
    #"{"workflow_id":"1","bot_id":"2","app_id":"3"}"#,
    #"{"workflow_id":"1","parameters":"x"}"#,
    "not json",
])
func badBodiesGetCode4000(body: String) throws {
    #expect(try json(SimulatedWorkflowService().handle(request("POST", "/v1/workflow/run", body: body)))["code"] == .integer(4000))
}

@Test func anUnknownExecutionIsRefused() throws {
    let body = try json(SimulatedWorkflowService().handle(request("GET", "/v1/workflows/1/run_histories/42")))
    #expect(body["code"] == .integer(4314))
}

@Test func servesOverRealLoopbackHTTPWithKeepAlive() async throws {
    let simulator = try CozeSimulator()
    defer { simulator.stop() }
    #expect(simulator.port > 0)
    let session = URLSession(configuration: .ephemeral)
    for index in 0..<3 {
        var urlRequest = URLRequest(url: simulator.baseURL.appendingPathComponent("v1/workflow/run"))
        urlRequest.httpMethod = "POST"
        urlRequest.setValue("Bearer t", forHTTPHeaderField: "Authorization")
        urlRequest.httpBody = Data(#"{"workflow_id":"1","parameters":{"n":\#(index)}}"#.utf8)
        let (data, response) = try await session.data(for: urlRequest)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(try JSONParser().parse(bytes: Array(data))["code"] == .integer(0))
    }
    #expect(simulator.statistics.syncRuns == 3)
}
