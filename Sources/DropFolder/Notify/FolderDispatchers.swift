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

    private let folders = Mutex<[String: Folder]>([:])
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
        let retired = folders.withLock { folders -> NotificationDispatcher? in
            if let known = folders[name], known.targets == own { return nil }
            let old = folders[name]?.dispatcher
            folders[name] = Folder(targets: own, dispatcher: own.isEmpty ? nil : make?(own))
            return old
        }
        if let retired { Task { await retired.finish(grace: .seconds(10)) } }
    }

    func knows(_ name: String) -> Bool { folders.withLock { $0[name] != nil } }

    func post(_ event: NotificationEvent, folder name: String) {
        folders.withLock { $0[name]?.dispatcher }?.post(event)
    }

    /// Sends what waits in every folder's dispatcher, giving it up to `grace`.
    func finishAll(grace: Duration) async {
        let all = folders.withLock { $0.values.compactMap(\.dispatcher) }
        await withDiscardingTaskGroup { group in
            for dispatcher in all { group.addTask { await dispatcher.finish(grace: grace) } }
        }
    }
}
