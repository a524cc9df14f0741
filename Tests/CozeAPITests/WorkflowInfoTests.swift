import CozeAPI
import Foundation
import OrderedJSON
import TestSupport
import Testing

private func client(_ script: ScriptedTransport) -> CozeClient {
    CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
}

@Test func theDocsExampleReadsAsAWorkflowWithItsInputsAndOutputs() async throws {
    let fixture = try ConformanceFixture("hosted/get_workflow_info.json")
    let script = ScriptedTransport([.json(try fixture.httpStatus(), String(decoding: try fixture.bodyBytes(), as: UTF8.self))])
    let info = try await client(script).workflowInfo(workflowID: "750712******91219")
    #expect(info.name == "workflow_image")
    #expect(info.description == "统计图片数量")
    #expect(info.appID == "7493481****8294")
    #expect(info.updatedAt == 1_747_983_675)
    #expect(info.hasInputs)
    #expect(info.inputs.map(\.name) == ["CONVERSATION_NAME", "USER_INPUT"])
    #expect(info.inputs.map(\.type) == ["string", "string"])
    #expect(info.inputs.allSatisfy { !$0.required })
    #expect(info.outputs.parameters.map(\.name) == ["arr_obj_num"])
    #expect(info.outputs.parameters.map(\.type) == ["number"])
    #expect(info.outputs.terminatePlan == "use_answer_content")
    #expect(info.outputs.content == "数量为{{arr_obj_num}}")
    let sent = try #require(script.sent.first)
    #expect(sent.method == "GET")
    #expect(sent.url.absoluteString == "https://api.coze.cn/v1/workflows/750712%2A%2A%2A%2A%2A%2A91219?include_input_output=true")
}

@Test func workflowInfoIsReadLeniently() async throws {
    let body = #"""
        {"code":"0","data":{"workflow_detail":{"workflow_id":7366468917055111111,"workflow_name":"w","app_id":"0","created_at":"1752060786"},
         "input":{"parameters":{"img":{"type":"Image","required":"true","default_value":3},
                                "list":{"type":"array","items":{"type":"image"}},
                                "obj":{"type":"object","properties":{"a":{"type":"integer","required":true}}}}}}}
        """#
    let info = try await client(ScriptedTransport([.json(200, body)])).workflowInfo(workflowID: "1")
    #expect(info.workflowID == "7366468917055111111")
    #expect(info.appID == nil)
    #expect(info.createdAt == 1_752_060_786)
    let image = try #require(info.input(named: "img"))
    #expect(image.required && image.isFile && image.defaultValue == "3")
    #expect(info.input(named: "list")?.typeDescription == "array<image>")
    #expect(info.input(named: "obj")?.properties.first == WorkflowInput(name: "a", type: "integer", required: true))
    #expect(info.outputs == WorkflowInfo.Outputs())
}

@Test func anAnswerWithoutInputsSaysSo() async throws {
    let info = try await client(ScriptedTransport([.json(200, #"{"code":0,"msg":"","data":{"workflow_detail":{"workflow_name":"w"}}}"#)]))
        .workflowInfo(workflowID: "1")
    #expect(!info.hasInputs)
    #expect(info.inputs.isEmpty)
}

@Test func noPermissionIsAClassifiedFailure() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":4101,"msg":"Your token does not have permission to access resource.","detail":{"logid":"L"}}"#)])
    do {
        _ = try await client(script).workflowInfo(workflowID: "1")
        Issue.record("expected a failure")
    } catch {
        #expect(error.kind == .api)
        #expect(error.code == 4101)
    }
}
