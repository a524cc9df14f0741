import Foundation
import OrderedJSON
import Synchronization
import WorkflowJobs

extension DropAgent {
    /// Raises the heartbeat every sixth of the lease, so others see it move well within a lease.
    func renewLeaseIfDue(_ state: inout LoopState) {
        if let last = state.lastBeat, clock.now - last < configuration.lease / 6 { return }
        renewLease(&state, running: true)
    }

    func renewLease(_ state: inout LoopState, running: Bool) {
        state.beat += 1
        state.lastBeat = clock.now
        let identity = configuration.identity
        let lease = AgentLease(agent: identity.id, host: identity.host, pid: identity.pid, beat: state.beat, running: running)
        do {
            try fileSystem.replaceFile(JSONWriter(prettyPrinted: false).bytes(from: lease.json), at: "\(ownFolder)/\(AgentLease.fileName)", durable: false)
            resolve("lease", "the lease in \(ownFolder) is renewed again", in: &state)
        } catch {
            report("lease", "cannot renew the lease in \(ownFolder) (\(error.reason)); other agents may take over this agent's jobs if this lasts", in: &state)
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

    /// Looks through `processing/` for work: this agent's own jobs not running (left by a crash,
    /// deferred, or waiting to be moved out), loose request files, and the folders of agents
    /// that are gone, which it adopts.
    func sweep(_ state: inout LoopState) {
        state.lastSweep = clock.now
        state.leftSinceSweep = false
        let names: [String]
        do {
            names = try fileSystem.namesInDirectory(layout.processing)
            resolve("processing", "\(layout.processing) is readable again", in: &state)
        } catch {
            report("processing", "cannot read \(layout.processing) (\(error.reason)); will try again", in: &state)
            return
        }
        let me = configuration.identity.id
        var foreign: [String: [String]] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = "\(layout.processing)/\(name)"
            guard let attributes = try? fileSystem.attributes(of: path) else { continue }
            if attributes.kind == .directory {
                let owner = AgentIdentity.owner(ofFolder: name)
                if owner == me {
                    recoverFolder(path, isOwn: name == me, state: &state)
                } else {
                    foreign[owner, default: []].append(name)
                }
            } else if InboxNamePolicy.isCandidate(name), let ticket = claim(name, from: layout.processing, state: &state) {
                // A request left loose in processing/ (by an older version, or by hand): claimed like a drop.
                state.known.insert(ticket.key)
                state.queue.append(ticket)
            }
        }
        state.undecidedOwners = 0
        let now = clock.now
        for (owner, folders) in foreign.sorted(by: { $0.key < $1.key }) {
            let lease = readLease(owner: owner)
            let contents = folders.flatMap { folder in
                ((try? fileSystem.namesInDirectory("\(layout.processing)/\(folder)")) ?? []).filter { !$0.hasPrefix(".") }.map { "\(folder)/\($0)" }
            }.sorted()
            switch state.judge.judge(owner: owner, lease: lease, contents: contents, at: now) {
            case .alive: break
            case .undecided: state.undecidedOwners += 1
            case .dead:
                state.judge.forget(owner)
                for folder in folders { adopt(folder, of: owner, state: &state) }
            }
        }
    }

    private func readLease(owner: String) -> AgentLease? {
        guard let bytes = try? fileSystem.readFile("\(layout.processing)/\(owner)/\(AgentLease.fileName)", limit: 65536),
              let json = try? JSONParser().parse(bytes: bytes) else { return nil }
        return AgentLease(json: json)
    }

    /// Takes a dead agent's folder by one rename to a name only this agent uses; if another agent
    /// got there first, the rename finds nothing and this one moves on.
    private func adopt(_ folder: String, of owner: String, state: inout LoopState) {
        let target = "\(ownFolder)\(AgentIdentity.adoptedMarker)\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        do {
            try fileSystem.moveWithoutReplacing(from: "\(layout.processing)/\(folder)", to: target)
        } catch {
            if error.code != .notFound {
                events.record(.problem("cannot take over \(folder) (\(error.reason)); will try again"))
            }
            return
        }
        try? fileSystem.removeFile("\(target)/\(AgentLease.fileName)")
        events.record(.adopted(agent: owner, folder: layout.display(target)))
        recoverFolder(target, isOwn: false, state: &state)
    }

    /// Removes batch journals left by an earlier run (or a dead agent) whose jobs have all gone.
    private func removeStaleBatches(in folder: String, names: [String]) {
        let present = Set(JobFiles.jobIDs(in: names))
        for name in names where JournalBatcher.isBatch(name) && !journalBatcher.isLive("\(folder)/\(name)") {
            guard let entries = JournalBatcher.read("\(folder)/\(name)", from: fileSystem) else { continue }
            if !entries.contains(where: { present.contains($0.jobID) }) { try? fileSystem.removeFile("\(folder)/\(name)") }
        }
    }

    /// Queues what recovery decides for every job in one of this agent's folders that is not
    /// already queued or running.
    private func recoverFolder(_ folder: String, isOwn: Bool, state: inout LoopState) {
        guard var names = try? fileSystem.namesInDirectory(folder) else { return }
        // Temporary files of writes a crash cut short: their rename never happened, nothing needs them.
        if !isOwn {
            for name in names where name.hasPrefix(".tmp-") { try? fileSystem.removeFile("\(folder)/\(name)") }
            names.removeAll { $0.hasPrefix(".tmp-") }
        }
        let present = Set(names)
        let jobIDs = JobFiles.jobIDs(in: names)
        if jobIDs.isEmpty, !isOwn {
            try? fileSystem.removeFile("\(folder)/\(AgentLease.fileName)")
            for name in names where JournalBatcher.isBatch(name) { try? fileSystem.removeFile("\(folder)/\(name)") }
            try? fileSystem.removeDirectory(folder)
            return
        }
        removeStaleBatches(in: folder, names: names)
        var batched: [String: JournalEntry]?
        for jobID in jobIDs {
            let files = JobFiles(folder: folder, jobID: jobID)
            guard !state.known.contains(files.request) else { continue }
            if batched == nil { batched = JournalBatcher.entries(in: folder, names: names, from: fileSystem) }
            let journal = JournalBatcher.latest(JobJournal.read(files, from: fileSystem), batched?[jobID])
            let hasRequest = present.contains("\(jobID).json")
            let hasRecord = present.contains("\(jobID).response.json") || pendingResults.withLock { $0[files.request] } != nil
            let action = RecoveryPlan.decide(journal: journal, hasRequest: hasRequest, hasRecord: hasRecord,
                                             resendInterrupted: configuration.resendInterrupted)
            if action == .discardJournal {
                try? fileSystem.removeFile(files.journal)
                continue
            }
            let entry = journal ?? JournalEntry(jobID: jobID, name: "\(jobID).json", phase: .claiming)
            state.known.insert(files.request)
            state.queue.append(Ticket(files: files, entry: entry, action: action))
        }
    }
}
