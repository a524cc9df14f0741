import OrderedJSON

/// How one row of a batch ended, as the results tables show it.
public struct BatchRowOutcome: Sendable, Equatable {
    /// The row's status as the `status` column writes it. Open: the agent may use more.
    public struct Status: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let success = Status(rawValue: "success")
        public static let failed = Status(rawValue: "failed")
        /// The workflow asked a question; the row waits for an answer.
        public static let needsInput = Status(rawValue: "needs_input")
        /// The row was not run (the batch was stopped, or a file it names was never found).
        public static let skipped = Status(rawValue: "skipped")
    }

    public var status: Status
    /// The workflow's output (an object gives one column per top-level field).
    public var output: JSONValue?
    /// The kind of failure (`JobFailure.Kind`'s raw value, or `invalid_cell` and the like).
    public var errorKind: String?
    public var errorMessage: String?
    /// The question the workflow asked, for `needs_input`.
    public var question: String?
    public var tokens: Int?
    public var durationMilliseconds: Int?
    public var executeID: String?
    public var debugURL: String?
    /// The row's full result record (`ResultRecord.json`), for `.results.jsonl`.
    public var record: JSONValue?

    public init(status: Status, output: JSONValue? = nil, errorKind: String? = nil, errorMessage: String? = nil,
                question: String? = nil, tokens: Int? = nil, durationMilliseconds: Int? = nil,
                executeID: String? = nil, debugURL: String? = nil, record: JSONValue? = nil) {
        self.status = status
        self.output = output
        self.errorKind = errorKind
        self.errorMessage = errorMessage
        self.question = question
        self.tokens = tokens
        self.durationMilliseconds = durationMilliseconds
        self.executeID = executeID
        self.debugURL = debugURL
        self.record = record
    }

    /// The text of the `error` column: `kind: message`.
    public var errorText: String {
        switch (errorKind, errorMessage) {
        case (let kind?, let message?) where !kind.isEmpty: "\(kind): \(message)"
        case (_, let message?): message
        case (let kind?, nil): kind
        case (nil, nil): ""
        }
    }
}
