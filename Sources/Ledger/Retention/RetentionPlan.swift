import Foundation

/// Which whole jobs in `outbox/` and `failed/` are older than `keep_days`, and where each of their
/// files goes in `archive/YYYY-MM/` (or that they are deleted, with `"archive": false`): pure.
///
/// A job is its record and every file named after it (request, summary, stream text, answer file,
/// attached files); they move together. Jobs whose age is unknown, younger than `keep_days`, or
/// anywhere but `outbox/` and `failed/` (never `processing/`) are left alone.
public struct RetentionPlan: Sendable, Equatable {
    public static let archiveFolder = "archive"

    /// One file's move, relative to the root.
    public struct Move: Sendable, Equatable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// What happens to one job.
    public struct Step: Sendable, Equatable {
        /// `outbox/photos`…
        public var folder: String
        public var stem: String
        public var finishedAt: Date
        /// Into the archive, the record last (so a crash halfway leaves the job findable by its record).
        public var moves: [Move]
        /// With `"archive": false`: the files to delete, the record last.
        public var deletions: [String]
    }

    public var steps: [Step]
    /// Jobs kept because they are younger than `keep_days` or their age is unknown.
    public var kept: Int

    /// - Parameters:
    ///   - archiveNames: paths already in the archive (relative to the root), never replaced: a job
    ///     that would clash goes under `<stem>_2`, `_3`….
    public init(folders: [FiledFolder], keepDays: Int, archive: Bool, now: Date, archiveNames: Set<String> = []) {
        let cutoff = now.addingTimeInterval(-Double(keepDays) * 86400)
        var steps: [Step] = []
        var kept = 0
        var taken = archiveNames
        for folder in folders.sorted(by: { $0.path < $1.path }) {
            let top = folder.path.split(separator: "/").first.map(String.init)
            guard top == "outbox" || top == "failed", !folder.path.contains("..") else { continue }
            let files = folder.filesByStem
            for stem in folder.stems {
                guard let finished = folder.finishedAt[stem], finished < cutoff else { kept += 1; continue }
                let names = Self.recordLast(files[stem] ?? [], stem: stem)
                guard archive else {
                    steps.append(Step(folder: folder.path, stem: stem, finishedAt: finished, moves: [], deletions: names.map { "\(folder.path)/\($0)" }))
                    continue
                }
                let target = "\(Self.archiveFolder)/\(LedgerFile.month(of: finished))/\(folder.path)"
                var newStem = stem
                for attempt in 1... {
                    newStem = attempt == 1 ? stem : "\(stem)_\(attempt)"
                    let candidate = newStem
                    if !names.contains(where: { taken.contains("\(target)/\(candidate)\($0.dropFirst(stem.count))") }) { break }
                }
                let moves = names.map { Move(from: "\(folder.path)/\($0)", to: "\(target)/\(newStem)\($0.dropFirst(stem.count))") }
                taken.formUnion(moves.map(\.to))
                steps.append(Step(folder: folder.path, stem: stem, finishedAt: finished, moves: moves, deletions: []))
            }
        }
        self.steps = steps
        self.kept = kept
    }

    static func recordLast(_ names: [String], stem: String) -> [String] {
        let record = "\(stem).response.json"
        return names.filter { $0 != record } + (names.contains(record) ? [record] : [])
    }
}
