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

    public static let defaultTimeout = Duration.seconds(600)

    public init(invocation: WorkflowInvocation, mode: RunMode, poll: PollPolicy = .standard, timeout: Duration = Self.defaultTimeout, executeID: String? = nil) {
        self.invocation = invocation
        self.mode = mode
        self.poll = poll
        self.timeout = timeout
        self.executeID = executeID
    }
}
