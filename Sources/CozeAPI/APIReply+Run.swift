import OrderedJSON

/// What a run's answer (a sync run, an async start, a resume) says about the run, read where Coze
/// puts it, so callers never look into the body themselves.
extension APIReply {
    /// A sync run's or a resume's output: `data`, with JSON embedded in texts decoded.
    public var runOutput: JSONValue? { json?["data"].map(\.decodingEmbeddedJSONDeeply) }

    /// The run's id: `execute_id`, else the one in the debug link.
    public var runExecuteID: String? { executeID ?? DebugLink.executeID(in: debugURL) }

    /// The question the run asks in `interrupt_data`, when it asks one (with an event id to answer).
    public var question: WorkflowQuestion? {
        guard let data = interruptData, let question = WorkflowQuestion(interruptData: data), !question.eventID.isEmpty else { return nil }
        return question
    }
}
