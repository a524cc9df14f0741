import OrderedJSON

/// One entry of `GET /v1/workflows/{workflow_id}/run_histories/{execute_id}`.
public struct RunHistoryItem: Sendable {
    public enum Status: Sendable, Equatable {
        case running, success, fail
        /// Coze Studio: the run was cancelled (`Cancel`).
        case cancelled
        /// Coze Studio: the run stopped at a question (`<UNSET>`), which it cannot answer.
        case interrupted
        /// A status this client does not know; treated like `running` until the poll limit.
        case other(String)

        init(_ text: String) {
            switch text.lowercased() {
            case "running": self = .running
            case "success": self = .success
            case "fail", "failed": self = .fail
            case "cancel", "cancelled", "canceled": self = .cancelled
            case "<unset>": self = .interrupted
            default: self = .other(text)
            }
        }

        public var name: String {
            switch self {
            case .running: "Running"
            case .success: "Success"
            case .fail: "Fail"
            case .cancelled: "Cancel"
            case .interrupted: "<UNSET>"
            case .other(let text): text
            }
        }
    }

    /// A node's entry in `node_execute_status` (keyed by node title).
    public struct NodeExecution: Sendable, Equatable {
        public var title: String
        public var nodeID: String?
        public var nodeExecuteUUID: String?
        public var isFinished: Bool
    }

    public var status: Status
    /// `output` with every level of its embedded JSON decoded, or the plain string.
    public var output: JSONValue?
    public var errorCode: String
    public var errorMessage: String
    public var debugURL: String?
    public var logid: String?
    public var usage: JSONValue?
    /// Coze cut an Output node's content (over 1 MB); the full text is at `execute_nodes`.
    public var isOutputTrimmed: Bool
    /// The run stopped at a question; whatever `execute_status` says, it waits for an answer.
    public var question: WorkflowQuestion?
    public var nodeExecutions: [NodeExecution]

    init?(_ item: JSONValue) {
        guard let statusText = item["execute_status"]?.stringValue else { return nil }
        status = Status(statusText)
        output = item["output"].map(\.decodingEmbeddedJSONDeeply)
        switch item["error_code"] {
        case .string(let text)?: errorCode = text == "0" ? "" : text
        case .number(let literal)?: errorCode = literal == "0" ? "" : literal
        default: errorCode = ""
        }
        errorMessage = item["error_message"]?.stringValue ?? item["error_msg"]?.stringValue ?? ""
        debugURL = item["debug_url"]?.stringValue
        logid = item["logid"]?.stringValue ?? item["log_id"]?.stringValue
        usage = item["usage"].flatMap { $0.isNull ? nil : $0 }
        isOutputTrimmed = item["is_output_trimmed"]?.boolValue ?? false
        question = item["interrupt_data"].flatMap { value in
            guard let question = WorkflowQuestion(interruptData: value), !question.eventID.isEmpty else { return nil }
            return question
        }
        // Coze sends the map as an object; a JSON string of it is read too.
        let executions = item["node_execute_status"].map(\.decodingEmbeddedJSON)?.objectMembers ?? []
        nodeExecutions = executions.map { member in
            NodeExecution(title: member.key, nodeID: member.value["node_id"].flatMap(APIReply.identifier),
                          nodeExecuteUUID: member.value["node_execute_uuid"].flatMap(APIReply.identifier),
                          isFinished: member.value["is_finish"]?.boolValue ?? false)
        }
    }
}
