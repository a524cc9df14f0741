import Synchronization

/// Remembers which notes were already said, so each is said once however many jobs run.
/// A class so that copies of a `JobRunner` share it; the set sits behind a `Mutex`.
final class OnceNotes: Sendable {
    private let said = Mutex<Set<String>>([])

    /// True the first time `note` is asked about, false ever after.
    func first(_ note: String) -> Bool {
        said.withLock { $0.insert(note).inserted }
    }
}
