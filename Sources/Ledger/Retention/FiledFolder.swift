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
    /// not `a`'s). A filed batch (a table whose results tables are here) also owns its rows' answer
    /// files, `<stem>-row<N>.answer.json`. Files of no job (notes, a running batch's files) belong to none.
    public var filesByStem: [String: [String]] {
        let stems = stems.sorted { $0.count > $1.count }
        let batches = batchStems
        var files: [String: [String]] = [:]
        for name in names where !name.hasPrefix(".") {
            guard let stem = stems.first(where: { name.hasPrefix($0 + ".") }) ?? Self.batchOwner(ofRowFile: name, batches: batches) else { continue }
            files[stem, default: []].append(name)
        }
        return files.mapValues { $0.sorted() }
    }

    /// The stems of filed batches: jobs with a results table (`<stem>.results.csv` or `.results.jsonl`) next to their record.
    public var batchStems: Set<String> {
        let present = Set(names)
        return Set(stems.filter { present.contains("\($0).results.csv") || present.contains("\($0).results.jsonl") })
    }

    /// The batch a row's answer file (`orders-row3.answer.json`) belongs to, if it is one of `batches`.
    static func batchOwner(ofRowFile name: String, batches: Set<String>) -> String? {
        let suffix = ".answer.json"
        guard name.hasSuffix(suffix), let marker = name.range(of: "-row", options: .backwards) else { return nil }
        let number = name[marker.upperBound..<name.index(name.endIndex, offsetBy: -suffix.count)]
        guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber) else { return nil }
        let stem = String(name[..<marker.lowerBound])
        return batches.contains(stem) ? stem : nil
    }
}
