import OrderedJSON

/// An answer to a question a run asked (an Interrupt): the body of `stream_resume` and `resume`.
public struct WorkflowAnswer: Sendable, Equatable {
    public var workflowID: String
    public var eventID: String
    /// Echoes the interrupt's `type`.
    public var interruptType: Int
    /// The answer as text; a file goes as `{"file_id":"…"}` text.
    public var resumeData: String

    public init(workflowID: String, eventID: String, interruptType: Int, resumeData: String) {
        self.workflowID = workflowID
        self.eventID = eventID
        self.interruptType = interruptType
        self.resumeData = resumeData
    }

    public var requestBody: JSONValue {
        .object([
            JSONMember(key: "workflow_id", value: .string(workflowID)),
            JSONMember(key: "event_id", value: .string(eventID)),
            JSONMember(key: "resume_data", value: .string(resumeData)),
            JSONMember(key: "interrupt_type", value: .number(String(interruptType))),
        ])
    }
}
