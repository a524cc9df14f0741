/// Something a person may want to hear about in a chat group: a request failed, a workflow waits
/// for an answer, a batch finished, the agent had a problem.
///
/// The caller writes `text`, one paragraph in the folder's language; the other fields are facts a
/// generic webhook receives as JSON, and the file names fold a burst into one message.
public struct NotificationEvent: Sendable, Equatable {
    /// What happened. The raw values are the names used in `coze-drop.json` (`"on": ["failed"]`).
    public enum Kind: String, Sendable, CaseIterable {
        case failed
        case needsInput = "needs_input"
        case succeeded
        case batchDone = "batch_done"
        case agentProblem = "agent_problem"
        case agentStarted = "agent_started"
        case agentStopped = "agent_stopped"

        /// The kinds a target hears about when its `on` is not given.
        public static let defaultOn: Set<Kind> = [.failed, .needsInput, .batchDone, .agentProblem]
    }

    /// The classified error of a failed request.
    public struct Failure: Sendable, Equatable {
        /// CozeDrop's error kind (`token_expired`, `rate_limited`, …).
        public var kind: String
        public var message: String

        public init(kind: String, message: String) {
            self.kind = kind
            self.message = message
        }
    }

    public var kind: Kind
    /// One paragraph for people, in the folder's language, given by the caller.
    public var text: String
    /// The language of `text`; folded messages are written in it too.
    public var language: NotificationLanguage
    /// The request file's name (`a.json`).
    public var file: String?
    /// The drop folder.
    public var folder: String?
    /// The request's status as the result record says it (`failed`, `succeeded`, `needs_input`…).
    public var status: String?
    public var failure: Failure?
    public var executeID: String?
    public var logID: String?
    /// Where the result record was written.
    public var recordPath: String?
    /// Counts for a batch (`succeeded`, `failed`, …), written in key order.
    public var counts: [String: Int]

    public init(
        kind: Kind, text: String, language: NotificationLanguage = .en, file: String? = nil, folder: String? = nil,
        status: String? = nil, failure: Failure? = nil, executeID: String? = nil, logID: String? = nil,
        recordPath: String? = nil, counts: [String: Int] = [:]
    ) {
        self.kind = kind
        self.text = text
        self.language = language
        self.file = file
        self.folder = folder
        self.status = status
        self.failure = failure
        self.executeID = executeID
        self.logID = logID
        self.recordPath = recordPath
        self.counts = counts
    }
}
