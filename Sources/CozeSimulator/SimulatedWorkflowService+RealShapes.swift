import Foundation
import OrderedJSON
import Synchronization

/// The shapes the hosted service really sends (docs pages and SDK fixtures, `Tests/Conformance/hosted/`):
/// End-node output (variables or text mode), questions as `interrupt_data` with a JSON `data`,
/// history `output` wrapped in `{"Output": "<JSON>"}`, trimmed outputs and `execute_nodes`.
extension SimulatedWorkflowService {
    /// The End node's output as a run answer's `data` carries it: the output JSON (variables
    /// mode), or `{"content_type":1,"data":"…"}` (text mode).
    static func endOutput(_ behaviour: SimulatedBehaviour, output: JSONValue) -> String {
        guard let text = behaviour.endText else { return JSONWriter(prettyPrinted: false).string(from: output) }
        return JSONWriter(prettyPrinted: false).string(from: .object([
            "content_type": .integer(1), "data": .string(text), "original_result": .null, "type_for_model": .integer(2),
        ]))
    }

    /// A history item's `output`: `{"Output": "<End output>"}` plus any Output node beside it.
    static func historyOutput(_ behaviour: SimulatedBehaviour, output: JSONValue) -> String {
        var members = [JSONMember(key: "Output", value: .string(endOutput(behaviour, output: output)))]
        if let long = behaviour.trimmed {
            members.append(JSONMember(key: trimmedNodeTitle, value: .string(String(long.prefix(12)))))
        }
        return JSONWriter(prettyPrinted: false).string(from: .object(members))
    }

    static let trimmedNodeTitle = "长文输出"
    static let trimmedNodeID = "178876"

    static func trimmedNodeUUID(executeID: String) -> String { "\(executeID)-\(trimmedNodeID)" }

    /// `interrupt_data` for a question, as sync runs, async histories and resume answers carry it.
    static func interruptData(_ behaviour: SimulatedBehaviour, text: String, eventID: String) -> JSONValue {
        let writer = JSONWriter(prettyPrinted: false)
        if !behaviour.interruptFields.isEmpty {
            let form = JSONValue.array(behaviour.interruptFields.map { name in
                .object(["type": .string("string"), "name": .string(name), "required": .bool(true)])
            })
            return .object([
                "data": .string(writer.string(from: .object(["content_type": .string("text"), "content": .string(writer.string(from: form))]))),
                "required_parameters": .object(behaviour.interruptFields.map { JSONMember(key: $0, value: .object(["required": .bool(true), "type": .string("string")])) }),
                "event_id": .string(eventID),
                "type": .integer(5),
            ])
        }
        return .object([
            "data": .string(writer.string(from: .object(["content_type": .string("text"), "content": .string(text)]))),
            "required_parameters": .object([]),
            "event_id": .string(eventID),
            "type": .integer(2),
        ])
    }

    /// `GET /v1/workflows/{wid}/run_histories/{eid}/execute_nodes/{uuid}`: an Output node's whole output.
    func executeNode(workflowID: String, executeID: String, nodeExecuteUUID: String, logid: String) -> ServerResponse {
        let execution = state.withLock { $0.executions[executeID] }
        guard let execution, execution.workflowID == workflowID, let long = execution.behaviour.trimmed,
              nodeExecuteUUID == Self.trimmedNodeUUID(executeID: executeID)
        else {
            return businessError(4200, "node execute history of \(nodeExecuteUUID) not found", logid: logid)
        }
        if execution.behaviour.trimmedLost {
            return businessError(4200, "node execute history of \(nodeExecuteUUID) has expired", logid: logid)
        }
        return json(status: 200, logid: logid, .object([
            "code": .integer(0), "msg": .string(""),
            "data": .object(["is_finish": .bool(true), "node_output": .string(long)]),
            "detail": .object(["logid": .string(logid)]),
        ]))
    }
}
