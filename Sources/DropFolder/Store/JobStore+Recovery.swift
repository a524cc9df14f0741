import Foundation
import OrderedJSON
import Synchronization
import WorkflowJobs

extension JobStore {
    /// Raises the heartbeat every sixth of the lease, so others see it move well within a lease.
    func renewLeaseIfDue() {
        let now = clock.now
        if let last = state.withLock({ $0.lastBeat }), now - last < configuration.lease / 6 { return }
        renewLease(running: true)
    }

    func renewLease(running: Bool) {
        let now = clock.now
        let beat = state.withLock { state -> Int in
            state.beat += 1
            state.lastBeat = now
            return state.beat
        }
        let identity = configuration.identity
        let lease = AgentLease(agent: identity.id, host: identity.host, pid: identity.pid, beat: beat, running: running)
        do {
            try fileSystem.replaceFile(JSONWriter(prettyPrinted: false).bytes(from: lease.json), at: "\(ownFolder)/\(AgentLease.fileName)", durable: false)
            problems.resolve("lease", "the lease in \(ownFolder) is renewed again")
        } catch {
            problems.report("lease", "cannot renew the lease in \(ownFolder) (\(error.reason)); other agents may take over this agent's jobs if this lasts")
        }
    }

    /// On a clean stop with nothing left, the agent's folder goes away with it.
    func removeOwnFolderIfEmpty() {
        guard let names = try? fileSystem.namesInDirectory(ownFolder),
              names.allSatisfy({ $0 == AgentLease.fileName || JournalBatcher.isBatch($0) }) else { return }
        // With no job left, batch journals are needed by none.
        for name in names { try? fileSystem.removeFile("\(ownFolder)/\(name)") }
        try? fileSystem.removeDirectory(ownFolder)
    }

    /// Removes a taken-over folder once nothing but batch journals no job needs is left in it.
    func removeFolderIfDone(_ folder: String) {
        guard let names = try? fileSystem.namesInDirectory(folder), names.allSatisfy({ JournalBatcher.isBatch($0) && !journalBatcher.isLive("\(folder)/\($0)") }) else { return }
        for name in names { try? fileSystem.removeFile("\(folder)/\(name)") }
        try? fileSystem.removeDirectory(folder)
    }

    /// What a sweep of `processing/` found.
    struct Sweep {
        /// Jobs to run or finish, in the order found.
        var found: [Ticket] = []
        /// Folders of other agents whose lease is still being judged.
        var undecidedOwners = 0
    }

    /// Looks through `processing/` for work: this agent's own jobs not running (left by a crash,
    /// deferred, or waiting to be moved out), loose request files, and the folders of agents
    /// that are gone, which it adopts. `isActive` names the jobs already queued or running.
    func sweep(isActive: (String) -> Bool) -> Sweep {
        var sweep = Sweep()
        ledger?.writeUnwritten()
        let names: [String]
        do {
            names = try fileSystem.namesInDirectory(layout.processing)
            problems.resolve("processing", "\(layout.processing) is readable again")
        } catch {
            problems.report("processing", "cannot read \(layout.processing) (\(error.reason)); will try again")
            return sweep
        }
        let me = configuration.identity.id
        var foreign: [String: [String]] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = "\(layout.processing)/\(name)"
            guard let attributes = try? fileSystem.attributes(of: path) else { continue }
            if attributes.kind == .directory {
                let owner = AgentIdentity.owner(ofFolder: name)
                if owner == me {
                    sweep.found += recoverFolder(path, isOwn: name == me, isActive: isActive)
                } else {
                    foreign[owner, default: []].append(name)
                }
            } else if InboxNamePolicy.isCandidate(name), let ticket = claim(name, from: layout.processing) {
                // A request left loose in processing/ (by an older version, or by hand): claimed like a drop.
                sweep.found.append(ticket)
            }
        }
        let now = clock.now
        for (owner, folders) in foreign.sorted(by: { $0.key < $1.key }) {
            let lease = readLease(owner: owner)
            let contents = folders.flatMap { folder in
                ((try? fileSystem.namesInDirectory("\(layout.processing)/\(folder)")) ?? []).filter { !$0.hasPrefix(".") }.map { "\(folder)/\($0)" }
            }.sorted()
            switch state.withLock({ $0.judge.judge(owner: owner, lease: lease, contents: contents, at: now) }) {
            case .alive: break
            case .undecided: sweep.undecidedOwners += 1
            case .dead:
                state.withLock { $0.judge.forget(owner) }
                for folder in folders { sweep.found += adopt(folder, of: owner, isActive: isActive) }
            }
        }
        return sweep
    }

    private func readLease(owner: String) -> AgentLease? {
        guard let bytes = try? fileSystem.readFile("\(layout.processing)/\(owner)/\(AgentLease.fileName)", limit: 65536),
              let json = try? JSONParser().parse(bytes: bytes) else { return nil }
        return AgentLease(json: json)
    }

    /// Takes a dead agent's folder by one rename to a name only this agent uses; if another agent
    /// got there first, the rename finds nothing and this one moves on.
    private func adopt(_ folder: String, of owner: String, isActive: (String) -> Bool) -> [Ticket] {
        let target = "\(ownFolder)\(AgentIdentity.adoptedMarker)\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        do {
            try fileSystem.moveWithoutReplacing(from: "\(layout.processing)/\(folder)", to: target)
        } catch {
            if error.code != .notFound {
                events.record(.problem("cannot take over \(folder) (\(error.reason)); will try again"))
            }
            return []
        }
        try? fileSystem.removeFile("\(target)/\(AgentLease.fileName)")
        events.record(.adopted(agent: owner, folder: layout.display(target)))
        return recoverFolder(target, isOwn: false, isActive: isActive)
    }

    /// Whether the job's record is a whole JSON object (a record cut short by a crash is not).
    private func isWholeRecord(_ files: JobFiles) -> Bool {
        guard let bytes = try? fileSystem.readFile(files.record, limit: 512 * 1024 * 1024),
              let json = try? JSONParser().parse(bytes: bytes) else { return false }
        return json.objectMembers != nil
    }

    /// Removes batch journals left by an earlier run (or a dead agent) whose jobs have all gone. A
    /// job of which only its `settling` entry is left had moved every file when the crash came: its
    /// ledger line is written first, unless it is there.
    private func removeStaleBatches(in folder: String, names: [String]) {
        let present = Set(JobFiles.jobIDs(in: names))
        for name in names where JournalBatcher.isBatch(name) && !journalBatcher.isLive("\(folder)/\(name)") {
            guard let entries = JournalBatcher.read("\(folder)/\(name)", from: fileSystem) else { continue }
            for entry in entries where !present.contains(entry.jobID) {
                writeLineOfMovedJob(files: JobFiles(folder: folder, jobID: entry.jobID), entry: entry)
            }
            if !entries.contains(where: { present.contains($0.jobID) }) { try? fileSystem.removeFile("\(folder)/\(name)") }
        }
    }

    /// Queues what recovery decides for every job in one of this agent's folders that is not
    /// already queued or running.
    private func recoverFolder(_ folder: String, isOwn: Bool, isActive: (String) -> Bool) -> [Ticket] {
        guard var names = try? fileSystem.namesInDirectory(folder) else { return [] }
        // Temporary files of writes a crash cut short (ours, and Foundation's `.dat.nosync…` of an
        // upload's body): their rename never happened, nothing needs them.
        if !isOwn {
            let isTemporary = { (name: String) in name.hasPrefix(".tmp-") || name.hasPrefix(".dat.nosync") }
            for name in names where isTemporary(name) { try? fileSystem.removeFile("\(folder)/\(name)") }
            names.removeAll(where: isTemporary)
        }
        let present = Set(names)
        let jobIDs = JobFiles.jobIDs(in: names)
        if jobIDs.isEmpty, !isOwn {
            try? fileSystem.removeFile("\(folder)/\(AgentLease.fileName)")
            for name in names where JournalBatcher.isBatch(name) { try? fileSystem.removeFile("\(folder)/\(name)") }
            try? fileSystem.removeDirectory(folder)
            return []
        }
        removeStaleBatches(in: folder, names: names)
        var batched: [String: JournalEntry]?
        var found: [Ticket] = []
        for jobID in jobIDs {
            let files = JobFiles(folder: folder, jobID: jobID)
            guard !isActive(files.request) else { continue }
            if batched == nil { batched = JournalBatcher.entries(in: folder, names: names, from: fileSystem) }
            let journal = JournalBatcher.latest(JobJournal.read(files, from: fileSystem), batched?[jobID])
            let hasRequest = present.contains("\(jobID).json")
            var hasRecord = present.contains("\(jobID).response.json")
            // Records are written in place and made durable by their `settling` entry's batch: one
            // without that entry may have been cut short by a crash, and counts only if it is whole.
            if hasRecord, journal?.phase != .settling, !isWholeRecord(files) {
                try? fileSystem.removeFile(files.record)
                hasRecord = false
            }
            hasRecord = hasRecord || pendingResult(of: files) != nil
            let action = RecoveryPlan.decide(journal: journal, hasRequest: hasRequest, hasRecord: hasRecord,
                                             resendInterrupted: configuration.resendInterrupted)
            if action == .discardJournal {
                if let journal { writeLineOfMovedJob(files: files, entry: journal) }
                try? fileSystem.removeFile(files.journal)
                continue
            }
            let entry = journal ?? JournalEntry(jobID: jobID, name: "\(jobID).json", phase: .claiming)
            found.append(Ticket(files: files, entry: entry, action: action))
        }
        return found
    }
}
