import Synchronization

/// Whether results could not be written since the last job was filed: the `agent_problem` about it
/// is sent once, not once per job, and again only after a job was filed in between.
final class UnwritableResults: Sendable {
    private let noted = Mutex(false)

    /// `true` the first time since the last `clear()`.
    func note() -> Bool { noted.withLock { noted in defer { noted = true }; return !noted } }

    func clear() { noted.withLock { $0 = false } }
}
