/// A table of text cells read from a CSV, TSV, JSON Lines or XLSX file: one header, then rows
/// exactly as wide as the header. Cells are strings; the caller gives them types.
public struct TextTable: Sendable, Equatable {
    /// The column names, trimmed, non-empty and distinct.
    public var header: [String]
    /// The data rows, each `header.count` cells wide (short rows are padded with "").
    public var rows: [[String]]
    /// For each row, where it was in the source, 1-based as the user sees it: the CSV record
    /// (the header is 1), the JSON Lines line, or the sheet's row number.
    public var rowNumbers: [Int]

    public init(header: [String], rows: [[String]], rowNumbers: [Int]? = nil) {
        self.header = header
        self.rows = rows
        self.rowNumbers = rowNumbers ?? rows.indices.map { $0 + 2 }
    }

    /// The position of the column named `name`, if there is one.
    public func column(named name: String) -> Int? {
        header.firstIndex(of: name)
    }
}
