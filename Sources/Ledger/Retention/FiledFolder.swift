import Foundation

/// One folder of filed jobs (`outbox`, `outbox/NAME`, `failed`, `failed/NAME`) as retention sees it:
/// its names, and when each job finished (by stem, from its record's `finished_at`, else the
/// record file's modification time).
public struct FiledFolder: Sendable, Equatable {
    /// Relative to the root: `outbox`, `failed/photos`…
    public var path: String
    public var names: [String]
    public var finishedAt: [String: Date]

    public init(path: String, names: [String], finishedAt: [String: Date]) {
        self.path = path
        self.names = names
        self.finishedAt = finishedAt
    }

    /// The stems of the jobs here: every `<stem>.response.json`.
    public var stems: [String] {
        names.filter { $0.hasSuffix(".response.json") && !$0.hasPrefix(".") }.map { String($0.dropLast(".response.json".count)) }.sorted()
    }

    /// Each job's files: a file belongs to the longest stem it starts with (`a.b.json` is job `a.b`'s,
    /// not `a`'s). Files of no job (tables, results tables, notes) belong to none.
    public var filesByStem: [String: [String]] {
        let stems = stems.sorted { $0.count > $1.count }
        var files: [String: [String]] = [:]
        for name in names where !name.hasPrefix(".") {
            guard let stem = stems.first(where: { name.hasPrefix($0 + ".") }) else { continue }
            files[stem, default: []].append(name)
        }
        return files.mapValues { $0.sorted() }
    }
}
