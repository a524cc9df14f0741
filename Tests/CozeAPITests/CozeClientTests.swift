import CozeAPI
import TestSupport
import Foundation
import OrderedJSON
import Testing

private let base = URL(string: "https://api.coze.cn")!

@Test func sendsTheRunWithBearerTokenAndWithoutUnsetFields() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":0,"msg":"","data":"{\"output\":\"hi\"}"}"#)])
    let client = CozeClient(baseURL: base, token: "test-token", transport: script.transport)
    _ = try await client.run(WorkflowInvocation(workflowID: "123", parameters: .object(["a": .string("b")])), timeout: .seconds(5))
    let request = try #require(script.sent.first)
    #expect(request.url.absoluteString == "https://api.coze.cn/v1/workflow/run")
    #expect(request.headers["Authorization"] == "Bearer test-token")
    let body = try JSONParser().parse(bytes: Array(try #require(request.body)))
    #expect(body == .object(["workflow_id": .string("123"), "parameters": .object(["a": .string("b")]), "is_async": .bool(false)]))
}

@Test func asyncStartWithoutCodeCountsAsSuccess() async throws {
    let script = ScriptedTransport([.json(200, #"{"debug_url":"https://www.coze.cn/work_flow?execute_id=742","execute_id":"742","msg":""}"#)])
    let client = CozeClient(baseURL: base, token: "t", transport: script.transport)
    let reply = try await client.run(WorkflowInvocation(workflowID: "1", isAsync: true), timeout: .seconds(5))
    #expect(reply.code == 0)
    #expect(reply.executeID == "742")
}

@Test func readsAStringCodeAsABusinessError() async {
    let script = ScriptedTransport([.json(200, #"{"code":"4000","msg":"missing required parameter","detail":{"logid":"L1"}}"#)])
    let client = CozeClient(baseURL: base, token: "t", transport: script.transport)
    await #expect {
        _ = try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5))
    } throws: { error in
        guard let failure = error as? CozeFailure else { return false }
        return failure.kind == .api && failure.code == 4000 && failure.message.contains("missing required parameter")
            && failure.message.contains("L1")
    }
}

@Test(arguments: [4100, 4101])
func authenticationErrorsMentionTheOtherSite(code: Int) async {
    let script = ScriptedTransport([.json(401, #"{"code":\#(code),"msg":"auth"}"#)])
    let client = CozeClient(baseURL: base, token: "t", transport: script.transport)
    await #expect {
        _ = try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5))
    } throws: { error in
        let failure = error as? CozeFailure
        return failure?.kind == .api && failure?.message.contains("api.coze.com") == true
    }
}

@Test func keepsAGatewayHTMLPageAndItsStatus() async {
    let page = "<html><body>504 Gateway Time-out</body></html>"
    let script = ScriptedTransport([.json(504, page)])
    let client = CozeClient(baseURL: base, token: "t", transport: script.transport)
    await #expect {
        _ = try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5))
    } throws: { error in
        guard let failure = error as? CozeFailure else { return false }
        return failure.kind == .http && failure.httpStatus == 504 && failure.reply?.recordedBody == .string(page)
    }
}

@Test func takesTheLogIDFromTheHeaderWhateverItsCase() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":0,"data":"x","detail":{"logid":"from-body"}}"#, headers: ["x-tt-logid": "from-header"])])
    let client = CozeClient(baseURL: base, token: "t", transport: script.transport)
    let reply = try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5))
    #expect(reply.logid == "from-header")
}

@Test func mapsTransportErrorsToTimeoutAndNetwork() async {
    for (error, kind) in [(TransportError(kind: .timeout, detail: ""), CozeFailure.Kind.timeout),
                          (TransportError(kind: .cannotConnect, detail: "refused"), .network)] {
        let client = CozeClient(baseURL: base, token: "t", transport: ScriptedTransport([.failure(error)]).transport)
        await #expect {
            _ = try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5))
        } throws: { thrown in (thrown as? CozeFailure)?.kind == kind }
    }
}

@Test func readsARunHistoryItemWithStringErrorCode() async throws {
    let body = #"{"detail":{"logid":"L"},"code":0,"msg":"","data":[{"execute_id":"9","execute_status":"Fail","output":"","error_code":"720702002","error_message":"node LLM failed"}]}"#
    let script = ScriptedTransport([.json(200, body)])
    let client = CozeClient(baseURL: base, token: "t", transport: script.transport)
    let (item, _) = try await client.runHistory(workflowID: "1", executeID: "9")
    #expect(item.status == .fail)
    #expect(item.errorCode == "720702002")
    #expect(item.errorMessage == "node LLM failed")
    #expect(script.sent.first?.url.absoluteString == "https://api.coze.cn/v1/workflows/1/run_histories/9")
}

@Test func decodesDoubleEncodedOutputButKeepsPlainText() {
    #expect(JSONValue.string(#"{"output":"北京"}"#).decodingEmbeddedJSON == .object(["output": .string("北京")]))
    #expect(JSONValue.string("just text").decodingEmbeddedJSON == .string("just text"))
    #expect(JSONValue.string("{not json").decodingEmbeddedJSON == .string("{not json"))
}

@Test(arguments: [
    ("https://api.coze.com", true),
    ("http://127.0.0.1:8080", true),
    ("http://localhost:1", true),
    ("http://api.coze.cn", false),
    ("http://10.0.0.2:80", false),
    ("ftp://api.coze.cn", false),
    ("not a url", false),
])
func allowsPlainHTTPOnlyOnThisMachine(text: String, allowed: Bool) {
    #expect(((try? BaseURLPolicy.validate(text)) != nil) == allowed)
}

@Test(arguments: [
    ("http://10.0.0.2:8888", true), ("http://172.16.0.1", true), ("http://172.31.255.255", true),
    ("http://172.15.0.1", false), ("http://172.32.0.1", false), ("http://192.168.1.20:8888", true),
    ("http://[fc00::1]:8888", true), ("http://[fd12:3456::1]", true), ("http://[fe00::1]", false),
    ("http://coze-server:8888", true), ("http://studio.local", true), ("http://127.0.0.1:8888", true),
    ("http://8.8.8.8", false), ("http://api.coze.cn", false), ("http://studio.example.com", false), ("https://studio.example.com", true),
    ("http://134744072", false), ("http://0x08080808", false), ("http://010.0.0.1", false), ("http://10.1", false), ("http://[2001:db8::1]", false),
])
func studioAllowsPlainHTTPOnlyOnAPrivateNetwork(text: String, allowed: Bool) {
    #expect(((try? BaseURLPolicy.validate(text, service: .studio)) != nil) == allowed)
}

@Test func refusingPlainHTTPNamesTheStudioSetting() {
    #expect(throws: BaseURLPolicy.Problem.insecure("http://10.0.0.2")) { try BaseURLPolicy.validate("http://10.0.0.2") }
    #expect(BaseURLPolicy.Problem.insecure("http://10.0.0.2").description.contains("set the service setting to studio"))
    #expect(BaseURLPolicy.Problem.insecure("http://10.0.0.2").setting == .service(.studio))
    #expect(BaseURLPolicy.sendsTokenUnencrypted(URL(string: "http://10.0.0.2:8888")!))
    #expect(!BaseURLPolicy.sendsTokenUnencrypted(URL(string: "http://127.0.0.1:8888")!))
}
