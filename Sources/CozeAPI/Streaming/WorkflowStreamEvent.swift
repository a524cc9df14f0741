import OrderedJSON

/// A workflow stream's event, read leniently from its `ServerSentEvent` (names compared without
/// case, numbers accepted as strings and the other way round, unknown events kept as `.other`).
public enum WorkflowStreamEvent: Sendable, Equatable {
    case message(WorkflowMessage)
    /// The run failed; the stream ends.
    case error(code: Int?, message: String)
    /// The workflow asks a question and waits for an answer; the stream ends.
    case interrupt(WorkflowInterrupt)
    /// The run ended well; the stream ends.
    case done(debugURL: String?)
    /// A heartbeat.
    case ping
    /// An event this version does not know; kept in the record, otherwise ignored.
    case other(name: String)

    public init(_ event: ServerSentEvent) {
        let json = try? JSONParser().parse(event.data)
        switch event.event.lowercased() {
        case "message":
            self = .message(WorkflowMessage(json: json ?? .object([])))
        case "error":
            let code = json?["error_code"].flatMap { $0.integerValue ?? $0.stringValue.flatMap { Int($0) } }
            let message = json?["error_message"]?.stringValue ?? json?["msg"]?.stringValue ?? event.data
            self = .error(code: code, message: message)
        case "interrupt":
            self = .interrupt(WorkflowInterrupt(json: json ?? .object([])))
        case "done":
            self = .done(debugURL: json?["debug_url"]?.stringValue)
        case "ping":
            self = .ping
        default:
            self = .other(name: event.event)
        }
    }

    /// Whether the stream ends with this event.
    public var isFinal: Bool {
        switch self {
        case .error, .interrupt, .done: true
        case .message, .ping, .other: false
        }
    }
}

/// Some text a node produced. The End node's final message has an empty title and carries the
/// run's output as JSON text.
public struct WorkflowMessage: Sendable, Equatable {
    public var content: String
    public var nodeTitle: String
    public var nodeSeqID: String
    public var nodeIsFinish: Bool
    public var nodeID: String?
    public var usage: JSONValue?

    public init(content: String, nodeTitle: String, nodeSeqID: String = "0", nodeIsFinish: Bool = false, nodeID: String? = nil, usage: JSONValue? = nil) {
        self.content = content
        self.nodeTitle = nodeTitle
        self.nodeSeqID = nodeSeqID
        self.nodeIsFinish = nodeIsFinish
        self.nodeID = nodeID
        self.usage = usage
    }

    init(json: JSONValue) {
        content = json["content"]?.stringValue ?? ""
        nodeTitle = json["node_title"]?.stringValue ?? ""
        nodeSeqID = json["node_seq_id"].flatMap(APIReply.identifier) ?? "0"
        nodeIsFinish = json["node_is_finish"]?.boolValue ?? false
        nodeID = json["node_id"].flatMap(APIReply.identifier)
        usage = json["usage"].flatMap { $0.isNull ? nil : $0 }
    }
}

/// A question the workflow asks: answer it by resuming with `eventID` and `type`.
public struct WorkflowInterrupt: Sendable, Equatable {
    public var eventID: String
    /// The interrupt type, echoed back as `interrupt_type` when resuming.
    public var type: Int
    public var data: String
    public var nodeTitle: String

    public init(eventID: String, type: Int, data: String = "", nodeTitle: String = "") {
        self.eventID = eventID
        self.type = type
        self.data = data
        self.nodeTitle = nodeTitle
    }

    init(json: JSONValue) {
        let interrupt = json["interrupt_data"] ?? json
        eventID = interrupt["event_id"].flatMap(APIReply.identifier) ?? ""
        type = interrupt["type"].flatMap { $0.integerValue ?? $0.stringValue.flatMap { Int($0) } } ?? 0
        data = interrupt["data"]?.stringValue ?? ""
        nodeTitle = json["node_title"]?.stringValue ?? ""
    }
}
