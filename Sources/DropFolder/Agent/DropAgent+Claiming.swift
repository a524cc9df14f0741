import Foundation
import WorkflowJobs

extension DropAgent {
    /// Looks at the inbox: which request files have settled, oldest first.
    func scan(into state: inout LoopState) {
        let inbox = layout.inbox
        let began = clock.now
        let names: [String]
        do {
            names = try fileSystem.namesInDirectory(inbox)
            resolve("inbox", "\(inbox) is readable again; picking up files", in: &state)
        } catch {
            // A share that went away: say so once, keep running, never recreate the folder.
            report("inbox", "cannot read \(inbox) (\(error.reason)); waiting for it to come back", in: &state)
            state.ready = []
            state.scanned = true
            return
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
                ready.append(ReadyFile(name: name, modified: (attributes.modificationSeconds, attributes.modificationNanoseconds)))
            }
        }
        state.tracker.keepOnly(present)
        if configuration.once {
            let all = Set(candidates)
            if state.scanned { state.pendingOnce.formIntersection(all) } else { state.pendingOnce = all }
            ready.removeAll { !state.pendingOnce.contains($0.name) }
        }
        state.scanned = true
        planClaims(for: ready.map(\.name), listed: Set(candidates), state: &state)
        state.ready = ready.sorted { ($0.modified.0, $0.modified.1, $0.name) < ($1.modified.0, $1.modified.1, $1.name) }
        if configuration.logsScans {
            events.record(.scanned(names: candidates.count, examined: looked.count, duration: clock.now - began))
        }
    }

    /// The next job: recovered work first, then the oldest settled inbox file this agent can claim.
    func nextTicket(_ state: inout LoopState) -> Ticket? {
        if !state.queue.isEmpty { return state.queue.removeFirst() }
        while !state.ready.isEmpty {
            let file = state.ready.removeFirst()
            if let settled = file.settled, !isStill(file.name, as: settled, state: &state) { continue }
            state.tracker.forget(file.name)
            if let jobID = state.planned.removeValue(forKey: file.name) {
                if let ticket = claimPlanned(file.name, as: jobID, state: &state) { return ticket }
                continue
            }
            state.pendingOnce.remove(file.name)
            if let ticket = claim(file.name, from: layout.inbox, state: &state) { return ticket }
        }
        return nil
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

    /// Journals the claims of the files a scan found ready, all in one batch file (group commit), so
    /// each claim is then one rename. Names gone from the inbox are planned no more.
    private func planClaims(for names: [String], listed: Set<String>, state: inout LoopState) {
        for (name, jobID) in state.planned where !listed.contains(name) {
            state.planned[name] = nil
            journalBatcher.release(JobFiles(folder: ownFolder, jobID: jobID))
        }
        let new = names.filter { state.planned[$0] == nil }
        // One claim alone is journaled in its own file, as without batching.
        guard new.count > 1 else { return }
        let stamp = BeijingTime.compact(wallClock())
        var entries: [(name: String, files: JobFiles, entry: JournalEntry)] = []
        for name in new {
            state.jobCounter += 1
            let jobID = "j\(stamp)-\(state.jobCounter)"
            entries.append((name, JobFiles(folder: ownFolder, jobID: jobID), JournalEntry(jobID: jobID, name: name, phase: .claiming)))
        }
        let path = "\(ownFolder)/c\(stamp)-\(state.jobCounter)\(JournalBatcher.suffix)"
        // Like a job's own claiming entry, not flushed: a lost one costs at most the dropped name.
        guard (try? fileSystem.replaceFile(JournalBatcher.bytes(of: entries.map(\.entry)), at: path, durable: false)) != nil else { return }
        journalBatcher.track(path, jobs: entries.map(\.files))
        for item in entries { state.planned[item.name] = item.files.jobID }
    }

    /// Claims a file whose claim is already journaled: one rename.
    private func claimPlanned(_ name: String, as jobID: String, state: inout LoopState) -> Ticket? {
        let files = JobFiles(folder: ownFolder, jobID: jobID)
        guard rename(name, from: layout.inbox, to: files, undo: { journalBatcher.release(files) }) else { return nil }
        return Ticket(files: files, entry: JournalEntry(jobID: jobID, name: name, phase: .claiming), action: .run)
    }

    /// Claims `name` into this agent's own folder: the journal first (so a crash right after the
    /// rename still knows the dropped name), then one atomic rename to a name only this agent uses.
    /// A file that is gone was taken by another agent: passed over quietly.
    func claim(_ name: String, from folder: String, state: inout LoopState) -> Ticket? {
        state.jobCounter += 1
        let jobID = "j\(BeijingTime.compact(wallClock()))-\(state.jobCounter)"
        let files = JobFiles(folder: ownFolder, jobID: jobID)
        let entry = JournalEntry(jobID: jobID, name: name, phase: .claiming)
        do {
            try JobJournal.write(entry, of: files, to: fileSystem)
            resolve("claim", "claiming works again", in: &state)
        } catch {
            report("claim", "cannot write in \(ownFolder) (\(error.reason)); files stay in the inbox until it works", in: &state)
            return nil
        }
        guard rename(name, from: folder, to: files, undo: { try? fileSystem.removeFile(files.journal) }) else { return nil }
        return Ticket(files: files, entry: entry, action: .run)
    }

    /// The claim's one rename, into a name only this agent uses. A rename that reports failure is
    /// looked at, since on a network share it may have happened; when it did not, `undo` drops the
    /// claim's journal and the file stays where it is (a file gone was taken by another agent).
    private func rename(_ name: String, from folder: String, to files: JobFiles, undo: () -> Void) -> Bool {
        let source = "\(folder)/\(name)"
        do {
            try fileSystem.moveWithoutReplacing(from: source, to: files.request)
            return true
        } catch {
            let arrived = (try? fileSystem.attributes(of: files.request)) ?? nil
            let stillThere = (try? fileSystem.attributes(of: source)) ?? nil
            if arrived != nil, stillThere == nil { return true }
            undo()
            if error.code != .notFound {
                events.record(.problem("cannot claim \(ConsoleEventLog.printable(name)) (\(error.reason)); it stays where it is and will be tried again"))
            }
            return false
        }
    }
}
