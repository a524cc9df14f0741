import OrderedJSON

/// The `NAME.answer.json` written next to the record of a run that asked a question: everything
/// needed to continue the run except the answer itself. Copy it into `inbox/` with the answer filled in.
public enum AnswerTemplate {
    /// The file's bytes, or `nil` when the run does not wait for an answer.
    public static func bytes(for result: JobResult, continuing record: String) -> [UInt8]? {
        if result.mode == .chat { return ChatAnswerTemplate.bytes(for: result, continuing: record) }
        guard result.status == .needsInput, let question = result.question, let mode = result.mode else { return nil }
        let workflowID = result.request["workflow_id"]?.stringValue ?? ""
        let document = JSONValue.object([
            JSONMember(key: "workflow_id", value: .string(workflowID)),
            JSONMember(key: "mode", value: .string(mode.rawValue)),
            JSONMember(key: "resume", value: .object([
                JSONMember(key: "event_id", value: .string(question.eventID)),
                JSONMember(key: "interrupt_type", value: .integer(question.interruptType)),
                JSONMember(key: "answer", value: question.wantsFields
                    ? .object(question.fieldNames.map { JSONMember(key: $0, value: .string("")) }) : .string("")),
            ])),
            JSONMember(key: "question", value: .string(question.text)),
            JSONMember(key: "required_parameters", value: question.requiredParameters),
            JSONMember(key: "resumes_left", value: .integer(question.resumesLeft)),
            JSONMember(key: "continues", value: .string(record)),
        ])
        return JSONWriter().bytes(from: document)
    }
}
