import Dispatch
import Foundation
import Ledger
import OrderedJSON
import Synchronization
import WorkflowJobs

/// Carries out retention (`keep_days`): when it is this agent's turn (`RetentionTurn`), reads
/// `outbox/`, `failed/` and their workflow folders, plans with `RetentionPlan`, and moves each old job
/// whole into `archive/YYYY-MM/…` (or deletes it with `"archive": false`), the record last.
///
/// Each file goes first to a name only this agent uses (`archive/.moving/<agent>/…`), then to its
/// name in the archive, never replacing a file: two agents that both take a job never rename onto
/// one name. A crash halfway leaves the job's record where it was (the next pass moves the rest
/// under the same name) and at most a staged file, which the next pass puts where it was going.
/// Each job moved or deleted is an event and a line in `archive/retention.<agent>.log`.
public struct RetentionKeeper: Sendable {
    /// What one pass did.
    public struct Outcome: Sendable, Equatable {
        /// `nil` when `processing/` could not be read (nothing was done).
        public var turn: RetentionTurn.Decision?
        public var archived = 0
        public var deleted = 0
        /// Jobs younger than `keep_days` (or of unknown age), left alone.
        public var kept = 0
        /// Old jobs left where they are this time because a file would not move (a problem event says why).
        public var leftForLater = 0
        /// Files an earlier, interrupted pass had parked, put where they were going.
        public var finishedStaged = 0

        public init(turn: RetentionTurn.Decision?) {
            self.turn = turn
        }
    }

    public static let logPrefix = "retention."

    let layout: FolderLayout
    let identity: AgentIdentity
    let keepDays: Int
    let archive: Bool
    let fileSystem: any FileSystem
    let wallClock: @Sendable () -> Date
    let events: any EventSink
    let isProcessAlive: @Sendable (Int32) -> Bool

    public init(layout: FolderLayout, identity: AgentIdentity, keepDays: Int, archive: Bool, fileSystem: any FileSystem,
                wallClock: @escaping @Sendable () -> Date, events: any EventSink,
                isProcessAlive: @escaping @Sendable (Int32) -> Bool = AgentIdentity.isProcessAlive) {
        self.layout = layout
        self.identity = identity
        self.keepDays = keepDays
        self.archive = archive
        self.fileSystem = fileSystem
        self.wallClock = wallClock
        self.events = events
        self.isProcessAlive = isProcessAlive
    }

    /// This agent's log under `archive/`.
    public var logPath: String { "\(RetentionPlan.archiveFolder)/\(Self.logPrefix)\(identity.id).log" }

    /// A pass now and then one every `interval` until the task is cancelled; with `once`, one pass,
    /// which a cancellation does not cut short (`watch --once` tidies before it ends).
    public func keep(every interval: Duration, clock: any MonotonicClock, once: Bool) async {
        while true {
            _ = await pass(stoppable: !once)
            if once { return }
            guard (try? await clock.sleep(for: interval)) != nil, !Task.isCancelled else { return }
        }
    }

    /// One pass on a thread of its own (never the cooperative pool, never a job's disk slot). With
    /// `stoppable`, a cancelled task ends the pass after the job being moved.
    public func pass(stoppable: Bool) async -> Outcome {
        let stop = StopFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Self.queue.async { continuation.resume(returning: runOnce { stoppable && stop.isSet }) }
            }
        } onCancel: {
            stop.set()
        }
    }

    /// A cancellation seen from the pass's thread.
    private final class StopFlag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    private static let queue = DispatchQueue(label: "coze-drop.retention", qos: .utility)

    /// One pass, blocking: for tests and for `pass`. `shouldStop` is asked between jobs.
    public func runOnce(shouldStop: () -> Bool = { false }) -> Outcome {
        guard let sightings = readSightings() else { return Outcome(turn: nil) }
        let live = RetentionTurn.liveAgents(me: identity, sightings: sightings, isProcessAlive: isProcessAlive)
        let turn = RetentionTurn.decide(me: identity, sightings: sightings, isProcessAlive: isProcessAlive)
        var outcome = Outcome(turn: turn)
        guard turn == .mine else { return outcome }
        outcome.finishedStaged = finishStaged(except: live.subtracting([identity.id]))
        let folders = readFiledFolders()
        let now = wallClock()
        var plan = RetentionPlan(folders: folders, keepDays: keepDays, archive: archive, now: now)
        if archive {
            plan = RetentionPlan(folders: folders, keepDays: keepDays, archive: archive, now: now, archiveNames: archiveNames(for: plan))
        }
        outcome.kept = plan.kept
        for step in plan.steps {
            if shouldStop() { break }
            if archive {
                switch archiveJob(step) {
                case .some(true): outcome.archived += 1
                case .some(false): break
                case nil: outcome.leftForLater += 1
                }
            } else {
                switch deleteJob(step) {
                case .some(true): outcome.deleted += 1
                case .some(false): break
                case nil: outcome.leftForLater += 1
                }
            }
        }
        removeEmptyFolders(under: "\(RetentionPlan.stagingFolder)/\(identity.id)")
        return outcome
    }

    // MARK: - Reading

    private func path(_ relative: String) -> String { "\(layout.root)/\(relative)" }

    private func readSightings() -> [RetentionTurn.Sighting]? {
        let names: [String]
        do { names = try fileSystem.namesInDirectory(layout.processing) } catch where error.code == .notFound {
            names = []
        } catch {
            events.record(.problem("retention: cannot read \(layout.display(layout.processing)) (\(error.reason)) to see whose turn it is; will try again at the next pass"))
            return nil
        }
        return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { name in
            let folder = "\(layout.processing)/\(name)"
            guard ((try? fileSystem.attributes(of: folder)) ?? nil)?.kind == .directory else { return nil }
            let lease = (try? fileSystem.readFile("\(folder)/\(AgentLease.fileName)", limit: 65536))
                .flatMap { try? JSONParser().parse(bytes: $0) }.flatMap(AgentLease.init(json:))
            return RetentionTurn.Sighting(folder: name, lease: lease)
        }
    }

    /// `outbox`, `failed` and the workflow folders in them, each with its jobs' ages.
    private func readFiledFolders() -> [FiledFolder] {
        var folders: [FiledFolder] = []
        for top in ["outbox", "failed"] {
            guard let names = try? fileSystem.namesInDirectory(path(top)) else { continue }
            let folder = readFolder(top, names: names)
            folders.append(folder)
            let ownedByJobs = Set(folder.filesByStem.values.joined())
            for name in names.sorted() where !name.hasPrefix(".") && !ownedByJobs.contains(name) {
                guard ((try? fileSystem.attributes(of: path("\(top)/\(name)"))) ?? nil)?.kind == .directory,
                      let inner = try? fileSystem.namesInDirectory(path("\(top)/\(name)")) else { continue }
                folders.append(readFolder("\(top)/\(name)", names: inner))
            }
        }
        return folders
    }

    private func readFolder(_ relative: String, names: [String]) -> FiledFolder {
        let listed = FiledFolder(path: relative, names: names, finishedAt: [:])
        var records: [String: [UInt8]] = [:]
        for stem in listed.stems {
            records[stem] = try? fileSystem.readFile(path("\(relative)/\(stem).response.json"), limit: 64 << 20)
        }
        let dated = FiledFolder(path: relative, names: names, records: records, modified: [:])
        var modified: [String: Date] = [:]
        for stem in listed.stems where dated.finishedAt[stem] == nil {
            guard let attributes = (try? fileSystem.attributes(of: path("\(relative)/\(stem).response.json"))) ?? nil else { continue }
            modified[stem] = Date(timeIntervalSince1970: Double(attributes.modificationSeconds) + Double(attributes.modificationNanoseconds) / 1e9)
        }
        return modified.isEmpty ? dated : FiledFolder(path: relative, names: names, records: records, modified: modified)
    }

    /// What is already in the archive folders the plan moves into.
    private func archiveNames(for plan: RetentionPlan) -> Set<String> {
        let targets = Set(plan.steps.flatMap { $0.moves.map { Self.parent(of: $0.to) } })
        var names: Set<String> = []
        for target in targets {
            for name in (try? fileSystem.namesInDirectory(path(target))) ?? [] { names.insert("\(target)/\(name)") }
        }
        return names
    }

    // MARK: - Doing

    /// Moves one job; `true` when this pass moved some of it, `false` when nothing was left to move
    /// (another agent did it), `nil` when it stopped halfway (the rest waits for the next pass).
    private func archiveJob(_ step: RetentionPlan.Step) -> Bool? {
        guard let first = step.moves.first else { return false }
        let job = "\(step.folder)/\(step.stem)"
        var moved = 0
        do throws(FileSystemError) {
            // A job's files all go into one folder.
            try makeFolders(Self.parent(of: first.to))
            try makeFolders(Self.parent(of: RetentionPlan.stagingPath(for: first.to, agent: identity.id)))
        } catch {
            return leftHalfway(job, moved: 0, because: "cannot create \(Self.parent(of: first.to)) (\(error.reason))")
        }
        for move in step.moves {
            let staged = RetentionPlan.stagingPath(for: move.to, agent: identity.id)
            do throws(FileSystemError) {
                try fileSystem.moveWithoutReplacing(from: path(move.from), to: path(staged))
            } catch {
                // Gone already: another agent (or a person) took it.
                if error.code == .notFound, ((try? fileSystem.attributes(of: path(move.from))) ?? nil) == nil { continue }
                return leftHalfway(job, moved: moved, because: "cannot move \(move.from) into the archive (\(error.reason))")
            }
            do throws(FileSystemError) {
                try fileSystem.moveWithoutReplacing(from: path(staged), to: path(move.to))
                moved += 1
            } catch {
                let back = (try? fileSystem.moveWithoutReplacing(from: path(staged), to: path(move.from))) != nil
                return leftHalfway(job, moved: moved, because: "cannot put \(move.from) at \(move.to) (\(error.reason))"
                                   + (back ? "" : "; it waits in \(staged) and is put in place at the next pass"))
            }
        }
        guard moved > 0 else { return false }
        let name = Self.parent(of: first.to) + "/" + (step.moves.last.map { Self.stem(of: $0.to) } ?? step.stem)
        events.record(.retained(job: job, files: moved, to: name))
        log("archived", job, name, files: moved)
        return true
    }

    private func deleteJob(_ step: RetentionPlan.Step) -> Bool? {
        let job = "\(step.folder)/\(step.stem)"
        var deleted = 0
        for file in step.deletions {
            guard ((try? fileSystem.attributes(of: path(file))) ?? nil) != nil else { continue }
            do throws(FileSystemError) {
                try fileSystem.removeFile(path(file))
                deleted += 1
            } catch {
                return leftHalfway(job, moved: deleted, because: "cannot delete \(file) (\(error.reason))")
            }
        }
        guard deleted > 0 else { return false }
        events.record(.retained(job: job, files: deleted, to: nil))
        log("deleted", job, "", files: deleted)
        return true
    }

    private func leftHalfway(_ job: String, moved: Int, because reason: String) -> Bool? {
        events.record(.problem("retention: \(ConsoleEventLog.printable(reason)); \(ConsoleEventLog.printable(job)) stays\(moved > 0 ? " (\(moved) of its files are in the archive already)" : "") and is finished at the next pass. Check the permissions of \(layout.display(path(RetentionPlan.archiveFolder)))/ and that the disk has room."))
        return nil
    }

    /// Puts files an interrupted pass had parked (its agent is not live, or it was this agent's) where they were going.
    private func finishStaged(except live: Set<String>) -> Int {
        guard let agents = try? fileSystem.namesInDirectory(path(RetentionPlan.stagingFolder)) else { return 0 }
        var count = 0
        for agent in agents.sorted() where !live.contains(agent) {
            let folder = "\(RetentionPlan.stagingFolder)/\(agent)"
            for staged in files(under: folder, depth: 6) {
                guard let target = RetentionPlan.target(ofStaged: staged) else { continue }
                do throws(FileSystemError) {
                    try makeFolders(Self.parent(of: target))
                    try fileSystem.moveWithoutReplacing(from: path(staged), to: path(target))
                    count += 1
                    log("finished", staged, target, files: 1)
                } catch {
                    events.record(.problem("retention: cannot put \(ConsoleEventLog.printable(staged)), left by an interrupted move, at \(ConsoleEventLog.printable(target)) (\(error.reason)); move it there by hand if this lasts"))
                }
            }
            removeEmptyFolders(under: folder)
        }
        return count
    }

    /// The regular files under a folder (relative to the root), at most `depth` levels down.
    private func files(under folder: String, depth: Int) -> [String] {
        guard depth > 0, let names = try? fileSystem.namesInDirectory(path(folder)) else { return [] }
        var found: [String] = []
        for name in names.sorted() {
            let child = "\(folder)/\(name)"
            switch ((try? fileSystem.attributes(of: path(child))) ?? nil)?.kind {
            case .regular: found.append(child)
            case .directory: found += files(under: child, depth: depth - 1)
            default: break
            }
        }
        return found
    }

    private func removeEmptyFolders(under folder: String) {
        guard let names = try? fileSystem.namesInDirectory(path(folder)) else { return }
        for name in names where ((try? fileSystem.attributes(of: path("\(folder)/\(name)"))) ?? nil)?.kind == .directory {
            removeEmptyFolders(under: "\(folder)/\(name)")
        }
        try? fileSystem.removeDirectory(path(folder))
    }

    /// Creates a folder under the root and the folders above it that are missing.
    private func makeFolders(_ relative: String) throws(FileSystemError) {
        var current = layout.root
        for part in relative.split(separator: "/") {
            current += "/\(part)"
            try fileSystem.createDirectory(current)
        }
    }

    private func log(_ action: String, _ job: String, _ target: String, files: Int) {
        let line = [BeijingTime.iso8601(wallClock()), action, ConsoleEventLog.printable(job), ConsoleEventLog.printable(target), "\(files)"]
            .joined(separator: "\t") + "\n"
        do throws(FileSystemError) {
            try makeFolders(RetentionPlan.archiveFolder)
            try fileSystem.append(Array(line.utf8), to: path(logPath))
        } catch {
            events.record(.problem("retention: cannot write \(logPath) (\(error.reason)); the console shows what was done"))
        }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `x_2` for `…/x_2.response.json`.
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".response.json") ? String(name.dropLast(".response.json".count)) : name
    }
}
