/// The names of the files a batch writes next to its table: `orders.xlsx` gives
/// `orders.results.csv`, `orders.results.xlsx`, `orders.results.jsonl`, `orders.failed.csv` and
/// `orders.progress.txt`.
public struct BatchFileNames: Sendable, Equatable {
    /// The table's name as dropped.
    public var table: String
    /// The name without its last extension (`orders` for `orders.xlsx`).
    public var stem: String

    public init(table: String) {
        self.table = table
        if let dot = table.lastIndex(of: "."), dot != table.startIndex {
            stem = String(table[..<dot])
        } else {
            stem = table
        }
    }

    public var resultsCSV: String { "\(stem).results.csv" }
    public var resultsXLSX: String { "\(stem).results.xlsx" }
    public var resultsJSONLines: String { "\(stem).results.jsonl" }
    public var failedCSV: String { "\(stem).failed.csv" }
    public var progressText: String { "\(stem).progress.txt" }

    /// The endings of what a finished batch leaves next to its table in `outbox/`.
    public static let resultSuffixes = [".results.csv", ".results.xlsx", ".results.jsonl", ".failed.csv"]
}
