/// The tool's exit statuses.
public enum ExitCode {
    public static let success: Int32 = 0
    /// The run failed (`run`), or the agent could not keep going.
    public static let failure: Int32 = 1
    /// Bad usage, a missing token, or an invalid request file.
    public static let usage: Int32 = 2
    /// The workflow asked a question and waits for an answer.
    public static let needsInput: Int32 = 3
    /// `submit --wait` saw no result in time (as `timeout(1)` says).
    public static let timedOut: Int32 = 124
    /// Stopped by a second signal without waiting for running jobs.
    public static let interrupted: Int32 = 130
}
