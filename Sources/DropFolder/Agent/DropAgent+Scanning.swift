import Foundation
import WorkflowJobs

extension DropAgent {
    /// Looks at the inbox: which request files have settled, oldest first.
    func scan(into state: inout LoopState) -> Core.Event {
        let inbox = layout.inbox
        let began = clock.now
        let names: [String]
        do {
            names = try fileSystem.namesInDirectory(inbox)
            problems.resolve("inbox", "\(inbox) is readable again; picking up files")
        } catch {
            // A share that went away: say so once, keep running, never recreate the folder.
            problems.report("inbox", "cannot read \(inbox) (\(error.reason)); waiting for it to come back")
            state.ready = []
            state.scanned = true
            return .scanned(readyWaiting: false, pendingOnce: state.pendingOnce.count)
        }
        let now = clock.now
        let candidates = names.filter(InboxNamePolicy.isCandidate)
        // With a backlog of many thousands, stat-ing every file on every tick would cost more than
        // the tick: only the files already being watched, plus new ones up to a cap, are looked at.
        let cap = max(256, configuration.concurrency * 8)
        var watched: [String] = []
        var fresh: [String] = []
        for name in candidates {
            if state.tracker.isTracking(name) { watched.append(name) } else if fresh.count < cap { fresh.append(name) }
        }
        let looked = watched + fresh.prefix(max(0, cap - watched.count))
        var present: Set<String> = []
        var ready: [ReadyFile] = []
        for name in looked {
            // A file already found still is not looked at again (on a share each look is a round trip):
            // the claim checks it once more.
            if let settled = state.tracker.settledSignature(of: name) {
                present.insert(name)
                ready.append(ReadyFile(name: name, modified: (settled.modificationSeconds, settled.modificationNanoseconds), settled: settled))
                continue
            }
            // Folders, links, pipes and devices named *.json are claimed too, to be filed in failed/ unread.
            guard let attributes = try? fileSystem.attributes(of: "\(inbox)/\(name)") else { continue }
            present.insert(name)
            if state.tracker.observe(name, SettleTracker.FileSignature(attributes), at: now) {
                ready.append(ReadyFile(name: name, modified: (attributes.modificationSeconds, attributes.modificationNanoseconds),
                                       seen: SettleTracker.FileSignature(attributes)))
            }
        }
        // Files dropped into workflow folders, as `<NAME>/<file>`.
        let dropped = scanWorkflowFolders(names, at: now, &state)
        present.formUnion(dropped.present)
        ready += dropped.ready
        state.tracker.keepOnly(present)
        if configuration.once {
            let all = Set(candidates).union(dropped.candidates)
            if state.scanned { state.pendingOnce.formIntersection(all) } else { state.pendingOnce = all }
            ready.removeAll { !state.pendingOnce.contains($0.name) }
        }
        state.scanned = true
        store.planClaims(for: ready.map(\.name).filter { !$0.contains("/") }, listed: Set(candidates))
        state.ready = ready.sorted { ($0.modified.0, $0.modified.1, $0.name) < ($1.modified.0, $1.modified.1, $1.name) }
        if configuration.logsScans {
            events.record(.scanned(names: candidates.count, examined: looked.count, duration: clock.now - began))
        }
        return .scanned(readyWaiting: !state.ready.isEmpty, pendingOnce: state.pendingOnce.count)
    }

    /// Claims up to `count` settled inbox files, oldest first (a file another agent took is passed over).
    func claimReady(upTo count: Int, _ state: inout LoopState) -> [Core.Found] {
        var found: [Core.Found] = []
        while found.count < count, !state.ready.isEmpty {
            let file = state.ready.removeFirst()
            // Found before its folder's daily_token_budget was reached: it waits where it is.
            if let slash = file.name.firstIndex(of: "/"), isWaitingForTokenBudget(String(file.name[..<slash])) { continue }
            if let settled = file.settled, !isStill(file.name, as: settled, state: &state) { continue }
            state.tracker.forget(file.name)
            state.pendingOnce.remove(file.name)
            if let ticket = store.claimDropped(file.name, seen: file.settled ?? file.seen) {
                found.append(Core.Found(key: ticket.key, name: ticket.entry.name, work: .run(ticket)))
            }
        }
        return found
    }

    /// Whether a file found still in an earlier scan is still as it was then (with a settle window);
    /// one that changed settles again, one that is gone is forgotten.
    private func isStill(_ name: String, as settled: SettleTracker.FileSignature, state: inout LoopState) -> Bool {
        guard configuration.settle > .zero else { return true }
        guard let attributes = try? fileSystem.attributes(of: "\(layout.inbox)/\(name)") else {
            state.tracker.forget(name)
            return false
        }
        let now = SettleTracker.FileSignature(attributes)
        if now == settled { return true }
        _ = state.tracker.observe(name, now, at: clock.now)
        return false
    }
}
