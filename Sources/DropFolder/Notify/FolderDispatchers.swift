import Notifications
import Synchronization

/// The dispatchers of the workflow folders that have targets of their own (`notify` in their
/// `workflow.json`), so a folder's jobs and batches reach them besides the root's targets.
///
/// `workflow.json` is read again at each scan: changed targets get a new dispatcher (the old one
/// sends what waits, then ends); unchanged ones keep theirs, with its rates and waiting events.
final class FolderDispatchers: Sendable {
    private struct Folder {
        var targets: [NotificationTarget]
        var dispatcher: NotificationDispatcher?
    }

    private struct State {
        var folders: [String: Folder] = [:]
        /// Replaced dispatchers sending what waited in them; awaited at stop.
        var retiring: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let make: (@Sendable ([NotificationTarget]) -> NotificationDispatcher)?

    init(make: (@Sendable ([NotificationTarget]) -> NotificationDispatcher)?) {
        self.make = make
    }

    /// The targets a folder's events go to besides the root's: a folder target with the same URL
    /// as a root target hears only the kinds the root's does not (each event reaches a bot once);
    /// one left hearing nothing is dropped.
    static func ownTargets(_ targets: [NotificationTarget], root: [NotificationTarget]) -> [NotificationTarget] {
        targets.compactMap { target in
            var own = target
            for same in root where same.url == target.url { own.on.subtract(same.on) }
            return own.on.isEmpty ? nil : own
        }
    }

    func use(_ targets: [NotificationTarget], for name: String, root: [NotificationTarget]) {
        let own = Self.ownTargets(targets, root: root)
        state.withLock { state in
            if let known = state.folders[name], known.targets == own { return }
            if let old = state.folders[name]?.dispatcher {
                state.retiring.append(Task { await old.finish(grace: .seconds(2)) })
            }
            state.folders[name] = Folder(targets: own, dispatcher: own.isEmpty ? nil : make?(own))
        }
    }

    func knows(_ name: String) -> Bool { state.withLock { $0.folders[name] != nil } }

    func post(_ event: NotificationEvent, folder name: String) {
        state.withLock { $0.folders[name]?.dispatcher }?.post(event)
    }

    /// Sends what waits in every folder's dispatcher, giving it up to `grace`, and lets replaced
    /// ones finish theirs.
    func finishAll(grace: Duration) async {
        let (all, retiring) = state.withLock { state in
            defer { state.retiring = [] }
            return (state.folders.values.compactMap(\.dispatcher), state.retiring)
        }
        await withDiscardingTaskGroup { group in
            for dispatcher in all { group.addTask { await dispatcher.finish(grace: grace) } }
            for task in retiring { group.addTask { await task.value } }
        }
    }
}
