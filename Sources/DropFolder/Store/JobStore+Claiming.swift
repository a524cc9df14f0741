import Foundation
import Synchronization
import WorkflowJobs

extension JobStore {
    /// Journals the claims of the files a scan found ready, all in one batch file (group commit), so
    /// each claim is then one rename. Names gone from the inbox are planned no more.
    func planClaims(for names: [String], listed: Set<String>) {
        let gone = state.withLock { state in
            let gone = state.planned.filter { !listed.contains($0.key) }
            for name in gone.keys { state.planned[name] = nil }
            return gone
        }
        for jobID in gone.values { journalBatcher.release(JobFiles(folder: ownFolder, jobID: jobID)) }
        let new = state.withLock { state in names.filter { state.planned[$0] == nil } }
        // One claim alone is journaled in its own file, as without batching.
        guard new.count > 1 else { return }
        let stamp = BeijingTime.compact(wallClock())
        var entries: [(name: String, files: JobFiles, entry: JournalEntry)] = []
        for name in new {
            let jobID = nextJobID(stamp: stamp)
            entries.append((name, JobFiles(folder: ownFolder, jobID: jobID), JournalEntry(jobID: jobID, name: name, phase: .claiming)))
        }
        let path = "\(ownFolder)/c\(entries[entries.count - 1].files.jobID.dropFirst())\(JournalBatcher.suffix)"
        // Like a job's own claiming entry, not flushed: a lost one costs at most the dropped name.
        guard (try? fileSystem.replaceFile(JournalBatcher.bytes(of: entries.map(\.entry)), at: path, durable: false)) != nil else { return }
        journalBatcher.track(path, jobs: entries.map(\.files))
        state.withLock { state in
            for item in entries { state.planned[item.name] = item.files.jobID }
        }
    }

    /// Claims a settled inbox file: one rename when its claim was journaled with its scan's, else
    /// its own journal entry first.
    func claimFromInbox(_ name: String, seen: SettleTracker.FileSignature?) -> Ticket? {
        var ticket: Ticket?
        if let jobID = state.withLock({ $0.planned.removeValue(forKey: name) }) {
            ticket = claimPlanned(name, as: jobID)
        } else {
            ticket = claim(name, from: layout.inbox)
        }
        ticket?.seen = seen
        return ticket
    }

    /// Claims a file whose claim is already journaled: one rename.
    private func claimPlanned(_ name: String, as jobID: String) -> Ticket? {
        let files = JobFiles(folder: ownFolder, jobID: jobID)
        guard rename(name, from: layout.inbox, to: files, undo: { journalBatcher.release(files) }) else { return nil }
        return Ticket(files: files, entry: JournalEntry(jobID: jobID, name: name, phase: .claiming), action: .run)
    }

    /// Claims `name` into this agent's own folder: the journal first (so a crash right after the
    /// rename still knows the dropped name), then one atomic rename to a name only this agent uses.
    /// A file that is gone was taken by another agent: passed over quietly.
    func claim(_ name: String, from folder: String, workflowFolder: String? = nil) -> Ticket? {
        let jobID = nextJobID(stamp: BeijingTime.compact(wallClock()))
        let files = JobFiles(folder: ownFolder, jobID: jobID)
        var entry = JournalEntry(jobID: jobID, name: name, phase: .claiming)
        entry.folder = workflowFolder
        do {
            try JobJournal.write(entry, of: files, to: fileSystem)
            problems.resolve("claim", "claiming works again")
        } catch {
            problems.report("claim", "cannot write in \(ownFolder) (\(error.reason)); files stay in the inbox until it works")
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
