import Foundation
import HotFolders
import Synchronization

/// What the agent knows in memory of the batches it runs: their progress (for `progress.txt` and
/// the status file) and which are being finished (so two rows ending together finish a batch once).
final class BatchRegistry: Sendable {
    struct Running: Sendable {
        var progress: BatchRunProgress
        var began: Duration
        var lastWritten: Duration?
    }

    private let state = Mutex<(running: [String: Running], finishing: Set<String>)>(([:], []))

    func start(_ key: String, _ progress: BatchRunProgress, at now: Duration) {
        state.withLock { state in
            if state.running[key] == nil { state.running[key] = Running(progress: progress, began: now) }
        }
    }

    /// Counts a finished row; returns the progress to write when it is due (every `every`).
    func rowFinished(_ key: String, failed: Bool, tokens: Int, at now: Duration, wallClock: Date, every: Duration) -> BatchRunProgress? {
        state.withLock { state in
            guard var running = state.running[key] else { return nil }
            running.progress.done += 1
            if failed { running.progress.failed += 1 }
            running.progress.tokens += tokens
            running.progress.updatedAt = wallClock
            running.progress.elapsed = now - running.began
            var due: BatchRunProgress?
            if running.lastWritten.map({ now - $0 >= every }) ?? true {
                running.lastWritten = now
                due = running.progress
            }
            state.running[key] = running
            return due
        }
    }

    /// Whether every row of the batch has finished, as far as this agent has counted.
    func isComplete(_ key: String) -> Bool { state.withLock { $0.running[key]?.progress.finished ?? false } }

    var progress: [BatchRunProgress] { state.withLock { $0.running.values.map(\.progress).sorted { $0.table < $1.table } } }

    /// Marks a batch as being finished; `false` when another task is finishing it.
    func beginFinishing(_ key: String) -> Bool { state.withLock { $0.finishing.insert(key).inserted } }

    func endFinishing(_ key: String, finished: Bool) {
        state.withLock { state in
            state.finishing.remove(key)
            if finished { state.running[key] = nil }
        }
    }
}
