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

    public var status: Status
    /// `output` decoded from its JSON string, or the plain string.
    public var output: JSONValue?
    public var errorCode: String
    public var errorMessage: String
    public var debugURL: String?
    public var logid: String?
    public var usage: JSONValue?
    public var isOutputTrimmed: Bool

    init?(_ item: JSONValue) {
        guard let statusText = item["execute_status"]?.stringValue else { return nil }
        status = Status(statusText)
        output = item["output"].map(\.decodingEmbeddedJSON)
        switch item["error_code"] {
        case .string(let text)?: errorCode = text
        case .number(let literal)?: errorCode = literal == "0" ? "" : literal
        default: errorCode = ""
        }
        errorMessage = item["error_message"]?.stringValue ?? item["error_msg"]?.stringValue ?? ""
        debugURL = item["debug_url"]?.stringValue
        logid = item["logid"]?.stringValue ?? item["log_id"]?.stringValue
        usage = item["usage"]
        isOutputTrimmed = item["is_output_trimmed"]?.boolValue ?? false
    }
}
