import Foundation

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
    public func settle(_ files: JobFiles, entry: JournalEntry, destination: String, in folder: String,
                       prepare: (_ stem: String) throws(FileSystemError) -> Void = { _ in }) throws(FileSystemError) -> Placement {
        var entry = entry
        let ext = InboxNamePolicy.fileExtension(entry.name).isEmpty ? ".json" : InboxNamePolicy.fileExtension(entry.name)
        let requestPresent = try fileSystem.attributes(of: files.request) != nil
        var recordPresent = try fileSystem.attributes(of: files.record) != nil
        var stem = entry.phase == .settling && entry.destination == destination ? entry.settledStem : nil
        for _ in 0..<100 {
            if stem == nil {
                let chosen = try freeStem(for: entry.name, ext: ext, in: folder)
                entry.phase = .settling
                entry.destination = destination
                entry.settledStem = chosen
                try JobJournal.write(entry, of: files, to: fileSystem)
                stem = chosen
            }
            guard let name = stem else { continue }
            if recordPresent { try prepare(name) }
            // The summary, the stream's text, the answer file and the input files go first: once the
            // record and the request have moved, a restart sees nothing left of the job to finish.
            for companion in files.companions {
                try moveAlong(companion.path, to: "\(folder)/\(name)", suffix: companion.suffix)
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
            try fileSystem.removeFile(files.journal)
            return placement
        }
        throw FileSystemError(code: .exists, path: folder, reason: "no free name left for \(entry.name)")
    }

    /// Moves `source`, when it is there, to `base + suffix`; should that name be taken, `_2`, `_3`…
    /// go before the suffix, so nothing is ever overwritten.
    private func moveAlong(_ source: String, to base: String, suffix: String) throws(FileSystemError) {
        guard try fileSystem.attributes(of: source) != nil else { return }
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
    func freeStem(for name: String, ext: String, in folder: String) throws(FileSystemError) -> String {
        let stem = Self.shortened(InboxNamePolicy.stem(name), toBytes: Self.maximumNameBytes - Self.reservedNameBytes)
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
            for suffix in JobFiles.companionSuffixes where try fileSystem.attributes(of: "\(folder)/\(candidate)\(suffix)") != nil {
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
