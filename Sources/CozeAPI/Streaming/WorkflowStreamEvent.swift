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

/// Some text a node produced. The End node's messages carry the run's output: JSON text in one
/// message (variables mode), or the answer in several chunks (text mode).
public struct WorkflowMessage: Sendable, Equatable {
    /// The End node's fixed id (Coze Studio's `ExitNodeKey`, the OpenAPI example's `node_id`).
    public static let endNodeID = "900001"

    public var content: String
    public var nodeTitle: String
    public var nodeSeqID: String
    public var nodeIsFinish: Bool
    public var nodeID: String?
    public var usage: JSONValue?
    /// The node's kind (`End`, `Message`, `Question`…), sent by Studio and by coze.cn.
    public var nodeType: String?
    /// Set only on messages of a sub-workflow, whose End node is not the run's.
    public var subExecuteID: String?
    public var nodeExecuteUUID: String?

    /// Whether this message comes from the run's End node. Users rename nodes ("结束"), so the
    /// node type decides where present, else the fixed End id, else the title "End" or an empty one.
    public var isFromEndNode: Bool {
        if let subExecuteID, !subExecuteID.isEmpty, subExecuteID != "0" { return false }
        if let nodeType, !nodeType.isEmpty { return nodeType.lowercased() == "end" }
        if let nodeID, !nodeID.isEmpty { return nodeID == Self.endNodeID }
        return nodeTitle.isEmpty || nodeTitle.lowercased() == "end"
    }

    public init(content: String, nodeTitle: String, nodeSeqID: String = "0", nodeIsFinish: Bool = false, nodeID: String? = nil, usage: JSONValue? = nil, nodeType: String? = nil) {
        self.nodeType = nodeType
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
        nodeType = json["node_type"]?.stringValue
        subExecuteID = json["sub_execute_id"].flatMap(APIReply.identifier)
        nodeExecuteUUID = json["node_execute_uuid"].flatMap(APIReply.identifier)
    }
}

/// A question the workflow asks: answer it by resuming with `eventID` and `type`.
public struct WorkflowInterrupt: Sendable, Equatable {
    public var eventID: String
    /// The interrupt type, echoed back as `interrupt_type` when resuming.
    public var type: Int
    public var data: String
    public var nodeTitle: String
    /// The question read for a person (`data` decoded, required fields listed).
    public var question: WorkflowQuestion

    public init(eventID: String, type: Int, data: String = "", nodeTitle: String = "") {
        self.eventID = eventID
        self.type = type
        self.data = data
        self.nodeTitle = nodeTitle
        self.question = WorkflowQuestion(eventID: eventID, type: type, rawData: data, nodeTitle: nodeTitle)
    }

    init(json: JSONValue) {
        let interrupt = json["interrupt_data"] ?? json
        let title = json["node_title"]?.stringValue ?? ""
        question = WorkflowQuestion(interruptData: interrupt, nodeTitle: title)
            ?? WorkflowQuestion(eventID: "", type: 0, nodeTitle: title)
        eventID = question.eventID
        type = question.type
        data = question.rawData
        nodeTitle = title
    }
}
