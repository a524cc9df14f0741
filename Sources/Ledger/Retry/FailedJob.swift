import Foundation
import OrderedJSON
import WorkflowJobs

/// A request filed in `failed/` (or `failed/<NAME>/`) with its record: what `retry` and retention
/// need to know of it. Built from a folder listing and the record's bytes, without touching disk.
public struct FailedJob: Sendable, Equatable {
    /// The workflow folder (`inbox/NAME` → `NAME`), empty for the inbox itself.
    public var folder: String
    /// The name the job was filed under, without `.json` (`a`, `a_20261130101935`).
    public var stem: String
    /// The request file's name in the failed folder, when it is still there (`a.json`).
    public var requestName: String?
    /// `failed/<stem>.response.json` (relative to the root).
    public var recordPath: String
    /// `failed`, … as the record says.
    public var status: String
    /// The record's `error.kind` (`network`, `timeout`, `interrupted`…).
    public var errorKind: String?
    public var finishedAt: Date?
    /// The name the request had when it was dropped (`source_file`).
    public var sourceFile: String?
    /// The files the request names (`{"$file": "photo.jpg"}`), in order.
    public var attachments: [String]
    /// The names of this job's files in the failed folder besides request and record (summary,
    /// stream text, answer file, attached files).
    public var companionNames: [String]
    /// The request is an answer file (`resume`, `*.answer.json`): it continues a run, it is not retried.
    public var isAnswer = false
    /// The request is a JSON request (`retry` adds `retry_of` to it); else a dropped file (a photo)
    /// that goes back as it is.
    public var isJSONRequest = true

    public init(folder: String, stem: String, requestName: String?, recordPath: String, status: String, errorKind: String?,
                finishedAt: Date?, sourceFile: String?, attachments: [String], companionNames: [String]) {
        self.folder = folder
        self.stem = stem
        self.requestName = requestName
        self.recordPath = recordPath
        self.status = status
        self.errorKind = errorKind
        self.finishedAt = finishedAt
        self.sourceFile = sourceFile
        self.attachments = attachments
        self.companionNames = companionNames
    }

    /// The failed folder relative to the root: `failed` or `failed/NAME`.
    public var directory: String { folder.isEmpty ? "failed" : "failed/\(folder)" }
    /// The inbox folder relative to the root: `inbox` or `inbox/NAME`.
    public var inbox: String { folder.isEmpty ? "inbox" : "inbox/\(folder)" }

    /// The jobs in one failed folder's listing: every `<stem>.response.json`, with `records` giving
    /// each record's bytes by stem and `requests` the request's bytes (for the files it names).
    public static func jobs(folder: String, names: [String], records: [String: [UInt8]], requests: [String: [UInt8]]) -> [FailedJob] {
        let recordSuffix = ".response.json"
        let nameSet = Set(names)
        var jobs: [FailedJob] = []
        for name in names.sorted() where name.hasSuffix(recordSuffix) && !name.hasPrefix(".") {
            let stem = String(name.dropLast(recordSuffix.count))
            let record = records[stem].flatMap { try? JSONParser().parse(bytes: $0) } ?? .null
            let sourceFile = record["source_file"]?.stringValue
            // A file dropped into a workflow folder (a photo) is filed under its own ending.
            let droppedEnding = sourceFile.map(Self.ending(of:)).flatMap { $0.lowercased() == ".json" || $0.isEmpty ? nil : $0 }
            let requestName = droppedEnding.map { "\(stem)\($0)" }.flatMap { nameSet.contains($0) ? $0 : nil }
                ?? ["\(stem).json", "\(stem).JSON"].first(where: nameSet.contains)
            let isJSONRequest = requestName.map { $0.lowercased().hasSuffix(".json") } ?? (droppedEnding == nil)
            var attachments: [String] = []
            var isAnswer = requestName?.lowercased().hasSuffix(".answer.json") ?? false
            if !isJSONRequest {
                // The dropped file is the request itself; it names no other file.
            } else if let bytes = requests[stem], let request = try? RequestFileParser.parse(bytes) {
                attachments = request.attachments
                isAnswer = isAnswer || request.resume != nil
            } else if let uploads = record["uploads"]?.arrayValue {
                attachments = uploads.compactMap { $0["name"]?.stringValue }
            }
            let companions = names.filter { $0.hasPrefix(stem + ".") && $0 != name && $0 != requestName }.sorted()
            let directory = folder.isEmpty ? "failed" : "failed/\(folder)"
            jobs.append(FailedJob(
                folder: folder, stem: stem, requestName: requestName, recordPath: "\(directory)/\(name)",
                status: record["status"]?.stringValue ?? "failed", errorKind: record["error"]?["kind"]?.stringValue,
                finishedAt: record["finished_at"]?.stringValue.flatMap(LedgerLine.date(beijing:)),
                sourceFile: sourceFile, attachments: attachments, companionNames: companions))
            jobs[jobs.count - 1].isAnswer = isAnswer
            jobs[jobs.count - 1].isJSONRequest = isJSONRequest
        }
        return jobs
    }

    /// A name's ending as written (`.jpg`), or "" when it has none.
    static func ending(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[dot...])
    }
}
