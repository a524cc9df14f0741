import CozeAPI
import OrderedJSON

/// Everything a streamed run said, gathered as it arrives: every event as received, the text of
/// each node, how the stream ended, and the text to show a person while it runs.
public struct StreamTranscript: Sendable {
    /// One node's messages joined.
    public struct Node: Sendable, Equatable {
        public var title: String
        public var nodeID: String?
        public var text: String
        public var finished: Bool
    }

    public private(set) var events: [ServerSentEvent] = []
    public private(set) var nodes: [Node] = []
    /// The event that ended the stream: Done, Error or Interrupt.
    public private(set) var ending: WorkflowStreamEvent?
    public private(set) var usage: JSONValue?
    private var lastNode: Int?
    /// The End node's messages: one holding the output JSON, or the chunks of a streamed answer.
    private var endChunks: [(sequence: Int, text: String)] = []

    /// The run's output: the End node's chunks joined in `node_seq_id` order, every level of
    /// embedded JSON decoded; `nil` when no End message came.
    public var output: JSONValue? {
        guard !endChunks.isEmpty else { return nil }
        let joined = endChunks.enumerated()
            .sorted { ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset) }
            .map(\.element.text).joined()
        return JSONValue.string(joined).decodingEmbeddedJSONDeeply
    }

    public init() {}

    /// Takes the next event; returns the text a person watching should see now, if any.
    public mutating func take(_ event: ServerSentEvent) -> String? {
        events.append(event)
        let parsed = WorkflowStreamEvent(event)
        switch parsed {
        case .message(let message):
            return add(message)
        case .error(let code, let message):
            ending = parsed
            return "\n[error\(code.map { " \($0)" } ?? "")] \(message)\n"
        case .interrupt(let interrupt):
            ending = parsed
            return "\n[question from \(interrupt.nodeTitle.isEmpty ? "the workflow" : interrupt.nodeTitle)]\n"
        case .done:
            ending = parsed
            return "\n[done]\n"
        case .ping, .other:
            return nil
        }
    }

    private mutating func add(_ message: WorkflowMessage) -> String {
        if let usage = message.usage { self.usage = usage }
        if message.isFromEndNode {
            endChunks.append((Int(message.nodeSeqID) ?? endChunks.count, message.content))
        }
        var shown = ""
        if let index = nodes.firstIndex(where: { $0.title == message.nodeTitle && $0.nodeID == message.nodeID }) {
            nodes[index].text += message.content
            nodes[index].finished = nodes[index].finished || message.nodeIsFinish
            if lastNode != index { shown = "\n[\(Self.label(message.nodeTitle))]\n" }
            lastNode = index
        } else {
            nodes.append(Node(title: message.nodeTitle, nodeID: message.nodeID, text: message.content, finished: message.nodeIsFinish))
            shown = (lastNode == nil ? "" : "\n") + "[\(Self.label(message.nodeTitle))]\n"
            lastNode = nodes.count - 1
        }
        return shown + message.content
    }

    /// The question the workflow asked, as a person reads it: the interrupt's own text when it
    /// has one, else the text of the asking node's message just before it.
    public var question: String? {
        guard case .interrupt(let interrupt) = ending else { return nil }
        if !interrupt.question.text.isEmpty { return interrupt.question.text }
        let asking = interrupt.nodeTitle.isEmpty ? nil : nodes.last(where: { $0.title == interrupt.nodeTitle })
        guard let text = (asking ?? lastNode.map { nodes[$0] })?.text else { return nil }
        // A Question node's message may itself be the interrupt's JSON (content_type + content).
        let read = WorkflowQuestion(eventID: "", type: interrupt.type, rawData: text).text
        return read.isEmpty ? text : read
    }

    public var eventsJSON: JSONValue {
        .array(events.map { event in
            .object([
                JSONMember(key: "id", value: event.id.map(JSONValue.string) ?? .null),
                JSONMember(key: "event", value: .string(event.event)),
                JSONMember(key: "data", value: .string(event.data)),
            ])
        })
    }

    public var messagesJSON: JSONValue {
        .array(nodes.map { node in
            .object([
                JSONMember(key: "node_title", value: .string(node.title)),
                JSONMember(key: "node_id", value: node.nodeID.map(JSONValue.string) ?? .null),
                JSONMember(key: "text", value: .string(node.text)),
                JSONMember(key: "finished", value: .bool(node.finished)),
            ])
        })
    }

    static func label(_ title: String) -> String { title.isEmpty ? "End" : title }
}
