import Foundation
import OrderedJSON
import Spreadsheets

/// Which rows of filed batches go back into their workflow folder as a new table, and which stay
/// in the `.failed.csv` and why: pure. A batch is `outbox/NAME/<stem>.results.csv` (status and error
/// kind per row) with its `<stem>.failed.csv` (the rows still to retry, with the input's columns).
/// `retry` writes the chosen rows as `inbox/NAME/<stem>.retry.csv` and the rest back into the
/// `.failed.csv` (gone when none is left), so a row is retried once.
public struct BatchRetryPlan: Sendable, Equatable {
    /// A batch filed in `outbox/NAME/`, as its results say.
    public struct Batch: Sendable, Equatable {
        public var folder: String
        /// The stem of its results (`orders` for `orders.results.csv`).
        public var stem: String
        /// The table's name as dropped, when its record says (`orders.xlsx`).
        public var table: String?
        /// `<stem>.results.csv` as read.
        public var results: TextTable
        /// `<stem>.failed.csv` as read: the rows still to retry.
        public var failed: TextTable
        /// When the batch was filed (its record's `finished_at`).
        public var finishedAt: Date?

        public init(folder: String, stem: String, table: String?, results: TextTable, failed: TextTable, finishedAt: Date?) {
            self.folder = folder
            self.stem = stem
            self.table = table
            self.results = results
            self.failed = failed
            self.finishedAt = finishedAt
        }

        /// A batch with what its table's record (`<stem>.response.json`) says: its name and when it was filed.
        public init(folder: String, stem: String, results: TextTable, failed: TextTable, record: JSONValue?) {
            self.init(folder: folder, stem: stem, table: record?["source_file"]?.stringValue, results: results, failed: failed,
                      finishedAt: record?["finished_at"]?.stringValue.flatMap(LedgerLine.date(beijing:)))
        }

        public var outbox: String { "outbox/\(folder)" }
        public var inbox: String { "inbox/\(folder)" }
        public var failedCSV: String { "\(stem).failed.csv" }
    }

    /// A row of a `.failed.csv` with what the results say of it.
    public struct Row: Sendable, Equatable {
        public var cells: [String]
        /// Its row number in the results (as the person sees it), when it was found there.
        public var number: Int?
        /// `failed`, `needs_input`, `skipped`… (`failed` for a row edited since).
        public var status: String
        /// The kind before `:` in the `error` column (`network`, `interrupted`…).
        public var errorKind: String?

        public init(cells: [String], number: Int?, status: String, errorKind: String?) {
            self.cells = cells
            self.number = number
            self.status = status
            self.errorKind = errorKind
        }
    }

    public enum Reason: Sendable, Equatable {
        /// The row's run was cut off and may have run on Coze: only with `--force`.
        case interrupted
        /// The row waits for an answer (its answer file is in the outbox): only with `--force`.
        case needsInput
    }

    public struct Refusal: Sendable, Equatable {
        public var batch: String
        public var row: Row
        public var reason: Reason
    }

    /// One batch's rows going back.
    public struct Item: Sendable, Equatable {
        public var batch: Batch
        /// The new table's name in `inbox/NAME/` (`orders.retry.csv`, never one there already).
        public var table: String
        public var header: [String]
        public var rows: [Row]
        /// The rows that stay in the `.failed.csv` (refused, or not chosen).
        public var remaining: [[String]]

        /// The new table's path relative to the root, and its hidden name while it is written.
        public var path: String { "\(batch.inbox)/\(table)" }
        public var temporary: String { "\(batch.inbox)/\(RetryRecovery.copyPrefix)\(batch.failedCSV)" }
        /// Where the `.failed.csv` as it was is kept while the rows left are written in its place.
        public var backup: String { "\(batch.outbox)/\(RetryRecovery.movePrefix)\(batch.failedCSV)" }
    }

    public var items: [Item]
    public var refusals: [Refusal]
    /// Names given on the command line that name one of these batches.
    public var matchedNames: Set<String>

    /// The plan for `batches`, given the names in each workflow folder's inbox, for `selection`
    /// (the same as for single requests; names match a batch by its table's name, its stem, or its
    /// `.failed.csv`).
    public init(batches: [Batch], inboxNames: [String: Set<String>], selection: RetryPlan.Selection) {
        var items: [Item] = []
        var refusals: [Refusal] = []
        var matched: Set<String> = []
        var taken = inboxNames
        let wanted = Set(selection.names)
        for batch in batches {
            let named = Self.aliases(of: batch).filter(wanted.contains)
            matched.formUnion(named)
            guard selection.all || !named.isEmpty else { continue }
            if let folder = selection.folder, folder != batch.folder { continue }
            if let since = selection.since, (batch.finishedAt ?? .distantPast) < since { continue }
            var chosen: [Row] = []
            var remaining: [[String]] = []
            for row in Self.rows(of: batch) {
                let kind = row.errorKind ?? row.status
                if let kinds = selection.kinds, !kinds.contains(kind) {
                    remaining.append(row.cells)
                } else if kind == "interrupted", !selection.force {
                    refusals.append(Refusal(batch: batch.stem, row: row, reason: .interrupted))
                    remaining.append(row.cells)
                } else if row.status == "needs_input", !selection.force {
                    refusals.append(Refusal(batch: batch.stem, row: row, reason: .needsInput))
                    remaining.append(row.cells)
                } else {
                    chosen.append(row)
                }
            }
            guard !chosen.isEmpty else { continue }
            var names = taken[batch.folder] ?? []
            let table = Self.freshTable(stem: batch.stem, taken: names)
            names.insert(table)
            taken[batch.folder] = names
            items.append(Item(batch: batch, table: table, header: batch.failed.header, rows: chosen, remaining: remaining))
        }
        self.items = items
        self.refusals = refusals
        matchedNames = matched
    }

    /// The rows of the `.failed.csv`, each matched in order with a row of the results that did not
    /// succeed and has the same input cells; a row edited since is a plain `failed` one.
    static func rows(of batch: Batch) -> [Row] {
        let results = batch.results
        let width = batch.failed.header.count
        let statusColumn = results.header.firstIndex(of: "status") ?? width
        let errorColumn = results.header[min(statusColumn, results.header.count)...].firstIndex(of: "error")
        var candidates: [(cells: [String], number: Int, status: String, kind: String?)] = []
        for (index, cells) in results.rows.enumerated() where statusColumn < cells.count {
            let status = cells[statusColumn]
            guard status != "success", !status.isEmpty else { continue }
            let kind = errorColumn.flatMap { $0 < cells.count ? errorKind(cells[$0]) : nil }
            candidates.append((Array(cells.prefix(statusColumn)), results.rowNumbers[index], status, kind))
        }
        var next = 0
        return batch.failed.rows.map { cells in
            let padded = pad(cells, to: width)
            if let found = candidates[next...].firstIndex(where: { pad($0.cells, to: width) == padded }) {
                next = found + 1
                let candidate = candidates[found]
                return Row(cells: padded, number: candidate.number, status: candidate.status, errorKind: candidate.kind)
            }
            return Row(cells: padded, number: nil, status: "failed", errorKind: nil)
        }
    }

    /// `network` from `network: the connection broke…`; nil when the text does not start with a kind.
    static func errorKind(_ text: String) -> String? {
        guard let colon = text.range(of: ": ") else { return nil }
        let kind = text[..<colon.lowerBound]
        guard !kind.isEmpty, kind.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) }) else { return nil }
        return String(kind)
    }

    static func pad(_ cells: [String], to width: Int) -> [String] {
        cells.count >= width ? Array(cells.prefix(width)) : cells + Array(repeating: "", count: width - cells.count)
    }

    /// `<stem>.retry.csv`, or `<stem>.retry2.csv`… when the folder has it.
    static func freshTable(stem: String, taken: Set<String>) -> String {
        for attempt in 1... {
            let candidate = attempt == 1 ? "\(stem).retry.csv" : "\(stem).retry\(attempt).csv"
            if !taken.contains(candidate) { return candidate }
        }
        return "\(stem).retry.csv"
    }

    /// The names a person may call a batch by.
    static func aliases(of batch: Batch) -> [String] {
        [batch.stem, batch.failedCSV, "\(batch.stem).results.csv", batch.table].compactMap { $0 }
    }
}
