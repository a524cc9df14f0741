import Foundation
import WorkflowJobs

/// Moves a finished job's record and request from `processing/` into `outbox/` or `failed/`,
/// never overwriting anything: on a clash both get a `_YYYYMMDDHHMMSS` suffix (Beijing time),
/// then `_2`, `_3`… The names chosen are journaled before the first move, so a crash halfway
/// is finished on the next start.
public struct ResultSettler: Sendable {
    public struct Placement: Sendable, Equatable {
        /// Where the request file now is.
        public var request: String
        /// Where its result record is.
        public var record: String
    }

    /// What the caller knows of a job's files in `processing/` because it has just written them, so
    /// the settler does not look them up (on a share every look is a round trip).
    public struct KnownFiles: Sendable, Equatable {
        public var request: Bool
        public var record: Bool
        /// Companion suffixes there (or there once `prepare` has run): moved without a look.
        public var companions: Set<String>
        /// Companion suffixes that may be there: looked up. The rest are known to be absent.
        public var possibleCompanions: Set<String>
        /// Companion suffixes `prepare` writes straight into the destination: their names are kept
        /// free there, and nothing is moved.
        public var written: Set<String>

        public init(request: Bool, record: Bool, companions: Set<String>, possibleCompanions: Set<String> = [], written: Set<String> = []) {
            self.request = request
            self.record = record
            self.companions = companions
            self.possibleCompanions = possibleCompanions
            self.written = written
        }
    }

    /// The longest a file name may be on the file systems we meet.
    static let maximumNameBytes = 255
    /// Room kept for `_YYYYMMDDHHMMSS_NNNNN` and `.response.json`.
    static let reservedNameBytes = 21 + ".response.json".utf8.count

    let fileSystem: any FileSystem
    let wallClock: @Sendable () -> Date

    public init(fileSystem: any FileSystem, wallClock: @escaping @Sendable () -> Date) {
        self.fileSystem = fileSystem
        self.wallClock = wallClock
    }

    /// Moves the job's files (whichever are still in `processing/`) into `folder`. `prepare` runs once
    /// the names are chosen and journaled, before anything moves, to write companions that name them.
    /// With `known`, the files it names are not looked up, and names are checked in `folder` only for
    /// the companions the job has. `moved` runs once everything has moved and before the journal
    /// goes (a crash between the two leaves the journal, so a restart runs it again).
    public func settle(_ files: JobFiles, entry: JournalEntry, destination: String, in folder: String, known: KnownFiles? = nil,
                       prepare: (_ stem: String) throws(FileSystemError) -> Void = { _ in },
                       moved: (Placement) -> Void = { _ in }) throws(FileSystemError) -> Placement {
        var entry = entry
        let ext = Self.requestExtension(of: entry.name)
        let requestPresent = if let known { known.request } else { try fileSystem.attributes(of: files.request) != nil }
        var recordPresent = if let known { known.record } else { try fileSystem.attributes(of: files.record) != nil }
        var stem = entry.phase == .settling && entry.destination == destination ? entry.settledStem : nil
        let suffixes = known.map { JobFiles.companionSuffixes.filter($0.companions.union($0.possibleCompanions).union($0.written).contains) }
            ?? JobFiles.companionSuffixes
        for round in 0..<100 {
            // After a clash, what moved already is looked up again.
            let trusted = round == 0 ? known : nil
            if stem == nil {
                let chosen = try freeStem(for: entry.name, ext: ext, in: folder, companions: suffixes)
                // Every phase may move to settling.
                try? entry.move(to: .settling)
                entry.destination = destination
                entry.settledStem = chosen
                try JobJournal.write(entry, of: files, to: fileSystem)
                stem = chosen
            }
            guard let name = stem else { continue }
            if recordPresent { try prepare(name) }
            // The summary, the stream's text, the answer file and the input files go first: once the
            // record and the request have moved, a restart sees nothing left of the job to finish.
            for companion in files.companions where trusted.map({ $0.companions.union($0.possibleCompanions).contains(companion.suffix) }) ?? true {
                try moveAlong(companion.path, to: "\(folder)/\(name)", suffix: companion.suffix,
                              known: trusted?.companions.contains(companion.suffix) == true)
            }
            for (index, attachment) in entry.attachments.enumerated() {
                try moveAlong(files.attachment(index), to: "\(folder)/\(name)", suffix: ".\(attachment.name)")
            }
            let placement = Placement(request: "\(folder)/\(name)\(ext)", record: "\(folder)/\(name).response.json")
            var movedRecord = false
            if recordPresent {
                do throws(FileSystemError) {
                    try fileSystem.moveWithoutReplacing(from: files.record, to: placement.record)
                    movedRecord = true
                    recordPresent = false
                } catch {
                    guard error.code == .exists else { throw error }
                    stem = nil
                    continue
                }
            }
            if requestPresent {
                do throws(FileSystemError) {
                    try fileSystem.moveWithoutReplacing(from: files.request, to: placement.request)
                } catch {
                    guard error.code == .exists else { throw error }
                    // Someone put a file under this name meanwhile: keep the pair together under another.
                    if movedRecord, (try? fileSystem.moveWithoutReplacing(from: placement.record, to: files.record)) != nil {
                        recordPresent = true
                    }
                    stem = nil
                    continue
                }
            }
            moved(placement)
            try fileSystem.removeFile(files.journal)
            return placement
        }
        throw FileSystemError(code: .exists, path: folder, reason: "no free name left for \(entry.name)")
    }

    /// The ending the request keeps when filed: its own, or `.json`.
    static func requestExtension(of name: String) -> String {
        let ext = InboxNamePolicy.fileExtension(name)
        // A file dropped into a workflow folder (a photo, a table) keeps its own ending; a
        // sub-folder (or a file without one) none. Requests in the inbox always end in `.json`.
        return ext.isEmpty ? DroppedName.fileExtension(name) : ext
    }

    /// The name results are named after: the dropped name without its ending.
    static func resultStem(of name: String) -> String {
        InboxNamePolicy.fileExtension(name).isEmpty && !DroppedName.fileExtension(name).isEmpty ? DroppedName.stem(name) : InboxNamePolicy.stem(name)
    }

    /// Moves `source`, when it is there, to `base + suffix`; should that name be taken, `_2`, `_3`…
    /// go before the suffix, so nothing is ever overwritten.
    private func moveAlong(_ source: String, to base: String, suffix: String, known: Bool = false) throws(FileSystemError) {
        if !known, try fileSystem.attributes(of: source) == nil { return }
        for attempt in 1...100 {
            do throws(FileSystemError) {
                try fileSystem.moveWithoutReplacing(from: source, to: attempt == 1 ? base + suffix : "\(base)_\(attempt)\(suffix)")
                return
            } catch {
                guard error.code == .exists else { throw error }
            }
        }
        throw FileSystemError(code: .exists, path: base + suffix, reason: "no free name left")
    }

    /// The dropped name without `.json`, shortened if needed so every name made from it fits, with a
    /// suffix when the plain name is taken.
    func freeStem(for name: String, ext: String, in folder: String, companions: [String] = JobFiles.companionSuffixes) throws(FileSystemError) -> String {
        let stem = Self.shortened(Self.resultStem(of: name), toBytes: Self.maximumNameBytes - Self.reservedNameBytes)
        let stamp = BeijingTime.compact(wallClock())
        for attempt in 0..<100_000 {
            let candidate = switch attempt {
            case 0: stem
            case 1: "\(stem)_\(stamp)"
            default: "\(stem)_\(stamp)_\(attempt)"
            }
            if try fileSystem.attributes(of: "\(folder)/\(candidate)\(ext)") != nil { continue }
            if try fileSystem.attributes(of: "\(folder)/\(candidate).response.json") != nil { continue }
            var companionTaken = false
            for suffix in companions where try fileSystem.attributes(of: "\(folder)/\(candidate)\(suffix)") != nil {
                companionTaken = true
            }
            if companionTaken { continue }
            return candidate
        }
        throw FileSystemError(code: .exists, path: folder, reason: "no free name left for \(name)")
    }

    static func shortened(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        for character in text {
            if result.utf8.count + String(character).utf8.count > limit { break }
            result.append(character)
        }
        return result
    }
}
