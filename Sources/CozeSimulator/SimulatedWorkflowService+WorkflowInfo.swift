import Foundation
import OrderedJSON
import Synchronization

extension SimulatedWorkflowService {
    /// The README's example workflow, known from the start: a required string input `user_name`
    /// (and an optional `city`, which `coze-drop init`'s example request passes).
    public static let exampleWorkflowID = "7366468917055111111"

    /// The `data` of the example workflow's info.
    public static var exampleWorkflowInfo: JSONValue {
        workflowData(id: exampleWorkflowID, name: "greet_user", description: "Greets the user by name", inputs: .object([
            "user_name": .object([
                "type": .string("string"), "required": .bool(true), "description": .string("The name to greet"), "default_value": .string(""),
            ]),
            "city": .object([
                "type": .string("string"), "required": .bool(false), "description": .string("Where the user is"), "default_value": .string(""),
            ]),
        ]))
    }

    /// Makes `GET /v1/workflows/{workflowID}` answer with `data` (the hosted shape: `workflow_detail`,
    /// `input.parameters`, `output`); missing parts of `workflow_detail` are filled in.
    public func registerWorkflow(_ workflowID: String, data: JSONValue) {
        var members = data.objectMembers ?? []
        var detail = data["workflow_detail"]?.objectMembers ?? []
        let defaults: [JSONMember] = [
            JSONMember(key: "workflow_id", value: .string(workflowID)),
            JSONMember(key: "workflow_name", value: .string("workflow_\(workflowID.suffix(4))")),
            JSONMember(key: "description", value: .string("")),
            JSONMember(key: "icon_url", value: .string("https://lf3-static.bytednsdoc.com/obj/eden-cn/simulated/workflow-icon.png")),
            JSONMember(key: "app_id", value: .string("0")),
            JSONMember(key: "creator", value: .object(["id": .string("2478774393000"), "name": .string("simulator")])),
            JSONMember(key: "created_at", value: .integer(1_747_888_248)),
            JSONMember(key: "updated_at", value: .integer(1_747_983_675)),
        ]
        for member in defaults where !detail.contains(where: { $0.key == member.key }) { detail.append(member) }
        members.removeAll { $0.key == "workflow_detail" }
        members.insert(JSONMember(key: "workflow_detail", value: .object(detail)), at: 0)
        if !members.contains(where: { $0.key == "input" }) { members.append(JSONMember(key: "input", value: .object(["parameters": .object([])]))) }
        if !members.contains(where: { $0.key == "output" }) {
            members.append(JSONMember(key: "output", value: .object(["parameters": .object([]), "terminate_plan": .string("return_variables")])))
        }
        let complete = JSONValue.object(members)
        state.withLock { $0.workflows[workflowID] = complete }
    }

    /// A `data` object for a workflow with these inputs (`input.parameters`).
    static func workflowData(id: String, name: String, description: String, inputs: JSONValue) -> JSONValue {
        .object([
            "workflow_detail": .object([
                "workflow_id": .string(id), "workflow_name": .string(name), "description": .string(description),
                "icon_url": .string("https://lf3-static.bytednsdoc.com/obj/eden-cn/simulated/workflow-icon.png"), "app_id": .string("0"),
                "creator": .object(["id": .string("2478774393000"), "name": .string("simulator")]),
                "created_at": .integer(1_747_888_248), "updated_at": .integer(1_747_983_675),
            ]),
            "input": .object(["parameters": inputs]),
            "output": .object(["parameters": .object(["output": .object(["type": .string("string")])]), "terminate_plan": .string("return_variables")]),
        ])
    }

    /// `GET /v1/workflows/{id}`: the registered info, or the answer a token without `getMetaData` gets.
    func workflowInfo(_ request: ServerRequest, workflowID: String, logid: String) -> ServerResponse {
        let data = state.withLock { state -> JSONValue? in
            state.statistics.workflowInfos += 1
            return state.workflows[workflowID]
        }
        guard var data else {
            return businessError(4101, "Your token does not have permission to access resource. Please verify whether the resource ID or token is correct.", logid: logid)
        }
        let withInputs = (request.query ?? "").split(separator: "&").contains { $0.lowercased() == "include_input_output=true" }
        if !withInputs, let members = data.objectMembers { data = .object(members.filter { $0.key == "workflow_detail" }) }
        return json(status: 200, logid: logid, .object([
            "code": .integer(0), "msg": .string(""), "data": data, "detail": .object(["logid": .string(logid)]),
        ]))
    }

    /// `POST /_simulator/workflows/{id}` with the `data` object to answer for that workflow.
    func registerWorkflowResponse(_ request: ServerRequest, workflowID: String) -> ServerResponse {
        guard let data = try? JSONParser().parse(bytes: request.body), data.objectMembers != nil else {
            return ServerResponse(status: 400, headers: [("Content-Type", "text/plain")],
                                  body: Array("send the workflow's `data` object (workflow_detail, input, output) as JSON".utf8))
        }
        registerWorkflow(workflowID, data: data)
        return json(status: 200, logid: makeLogid(), .object(["registered": .string(workflowID)]))
    }
}
