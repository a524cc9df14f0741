import CozeAPI

/// A validated request file: everything needed to run it, nothing left to guess.
public struct WorkflowRequest: Sendable, Equatable {
    public var invocation: WorkflowInvocation
    public var mode: RunMode
    public var poll: PollPolicy
    /// How long a sync run may take before the agent gives up waiting.
    public var timeout: Duration
    /// When set, the run was started earlier: only poll it.
    public var executeID: String?
    /// When set, this is an answer to a question a run asked: resume that run instead of starting one.
    public var resume: ResumeRequest?
    /// Files dropped next to the request and named as `{"$file": "name"}`, in order of first mention.
    public var attachments: [String] = []
    /// Chat mode: the messages and the conversation they belong to.
    public var chat: ChatRequest?
    /// Set by `coze-drop retry`: the record of the earlier, failed attempt (`failed/a.response.json`).
    public var retryOf: String?

    public static let defaultTimeout = Duration.seconds(600)

    public init(invocation: WorkflowInvocation, mode: RunMode, poll: PollPolicy = .standard, timeout: Duration = Self.defaultTimeout, executeID: String? = nil) {
        self.invocation = invocation
        self.mode = mode
        self.poll = poll
        self.timeout = timeout
        self.executeID = executeID
    }
}

/// The `resume` object of an answer file, with what the answer file says about the run it continues.
public struct ResumeRequest: Sendable, Equatable {
    public var eventID: String
    public var interruptType: Int
    /// The answer as text (empty when it is a file).
    public var answer: String
    /// The answer is this file, dropped next to the request (`{"$file": "name"}`).
    public var answerFile: String?
    /// Answers Coze still accepts for this run, this one included.
    public var resumesLeft: Int
    /// The record of the run this answer continues.
    public var continues: String?

    public init(eventID: String, interruptType: Int, answer: String, resumesLeft: Int = JobRunner.maximumResumes, continues: String? = nil) {
        self.eventID = eventID
        self.interruptType = interruptType
        self.answer = answer
        self.resumesLeft = resumesLeft
        self.continues = continues
    }
}
