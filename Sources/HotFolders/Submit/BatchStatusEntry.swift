import Foundation
import OrderedJSON
import WorkflowJobs

/// How far one table (a batch of runs) has got, as an agent tells it in `status.json`:
/// `agents[].batches[]` = `{"folder", "table", "total", "done", "failed", "tokens", "started_at",
/// "updated_at"}`. `done` counts finished rows, succeeded or failed; `failed` is part of `done`.
public struct BatchStatusEntry: Sendable, Equatable {
    /// The workflow folder's name under `inbox/`.
    public var folder: String
    /// The table's file name as dropped.
    public var table: String
    public var total: Int
    public var done: Int
    public var failed: Int
    public var tokens: Int
    public var startedAt: Date?
    public var updatedAt: Date?

    public init(folder: String, table: String, total: Int, done: Int = 0, failed: Int = 0, tokens: Int = 0,
                startedAt: Date? = nil, updatedAt: Date? = nil) {
        self.folder = folder
        self.table = table
        self.total = total
        self.done = done
        self.failed = failed
        self.tokens = tokens
        self.startedAt = startedAt
        self.updatedAt = updatedAt
    }

    /// One `batches[]` entry; `nil` when it lacks the folder, the table or the total.
    public init?(json: JSONValue) {
        guard let folder = json["folder"]?.stringValue, let table = json["table"]?.stringValue,
              let total = json["total"]?.integerValue else { return nil }
        self.init(folder: folder, table: table, total: max(0, total), done: max(0, json["done"]?.integerValue ?? 0),
                  failed: max(0, json["failed"]?.integerValue ?? 0), tokens: max(0, json["tokens"]?.integerValue ?? 0),
                  startedAt: json["started_at"]?.stringValue.flatMap(ISOTime.parse),
                  updatedAt: json["updated_at"]?.stringValue.flatMap(ISOTime.parse))
    }

    /// The entry as an agent writes it, exactly these keys in this order.
    public var json: JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .string(BeijingTime.iso8601($0)) } ?? .null }
        return .object([
            JSONMember(key: "folder", value: .string(folder)),
            JSONMember(key: "table", value: .string(table)),
            JSONMember(key: "total", value: .integer(total)),
            JSONMember(key: "done", value: .integer(done)),
            JSONMember(key: "failed", value: .integer(failed)),
            JSONMember(key: "tokens", value: .integer(tokens)),
            JSONMember(key: "started_at", value: time(startedAt)),
            JSONMember(key: "updated_at", value: time(updatedAt)),
        ])
    }

    /// Every batch of every agent in a `status.json` document.
    public static func all(inStatusBoard board: JSONValue) -> [BatchStatusEntry] {
        (board["agents"]?.arrayValue ?? []).flatMap { agent in
            (agent["batches"]?.arrayValue ?? []).compactMap(BatchStatusEntry.init(json:))
        }
    }

    /// Rows finished per second so far; `nil` until a row has finished and time has passed.
    public var rowsPerSecond: Double? {
        guard done > 0, let startedAt, let updatedAt else { return nil }
        let elapsed = updatedAt.timeIntervalSince(startedAt)
        guard elapsed > 0 else { return nil }
        return Double(done) / elapsed
    }

    /// Seconds until the last row is expected to finish, at the rate so far; `nil` when unknown.
    public var secondsLeft: Double? {
        guard let rate = rowsPerSecond, rate > 0 else { return nil }
        return Double(max(0, total - done)) / rate
    }
}
