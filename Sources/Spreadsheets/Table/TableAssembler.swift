/// Turns records (a row number and its cells) into a `TextTable`, one record at a time, the same way
/// for every format: empty records are skipped, the first other one is the header, rows are padded
/// to the header's width, and the limits are enforced as soon as they are passed.
struct TableAssembler {
    let limits: TableLimits
    private(set) var header: [String]?
    private var rows: [[String]] = []
    private var rowNumbers: [Int] = []

    init(limits: TableLimits) {
        self.limits = limits
    }

    /// An assembler whose header is already known (JSON Lines' keys); every record is a data row.
    init(limits: TableLimits, header: [String]) {
        self.limits = limits
        self.header = header
    }

    mutating func add(number: Int, cells: [String]) throws(SpreadsheetError) {
        guard cells.contains(where: { !$0.isEmpty }) else { return }
        if cells.count > limits.maximumColumns {
            let last = cells.lastIndex(where: { !$0.isEmpty }) ?? 0
            if last >= limits.maximumColumns {
                throw SpreadsheetError(.tooManyColumns, "Row \(number) has a value in column \(Self.name(ofColumn: last + 1)), beyond the limit of \(limits.maximumColumns) columns. Remove the extra columns or split the table.", row: number, column: last + 1)
            }
        }
        for (index, cell) in cells.enumerated() where cell.utf8.count > limits.maximumCellBytes {
            throw SpreadsheetError(.cellTooLarge, "The cell in row \(number), column \(Self.name(ofColumn: index + 1)) holds \(cell.utf8.count) bytes, more than the limit of \(limits.maximumCellBytes). Shorten it or pass the content as a file.", row: number, column: index + 1)
        }
        guard let header else {
            self.header = try Self.header(from: cells, row: number)
            return
        }
        if rows.count >= limits.maximumRows {
            throw SpreadsheetError(.tooManyRows, "The table has more than \(limits.maximumRows) data rows (row \(number) is past the limit). Split it into smaller files.", row: number)
        }
        var row = cells
        if row.count > header.count {
            if let extra = row[header.count...].firstIndex(where: { !$0.isEmpty }) {
                throw SpreadsheetError(.rowWiderThanHeader, "Row \(number) has a value in column \(Self.name(ofColumn: extra + 1)), but the header has only \(header.count) columns. Give that column a name in the header row, or remove the value.", row: number, column: extra + 1)
            }
            row.removeLast(row.count - header.count)
        } else if row.count < header.count {
            row.append(contentsOf: repeatElement("", count: header.count - row.count))
        }
        rows.append(row)
        rowNumbers.append(number)
    }

    func finish() throws(SpreadsheetError) -> TextTable {
        guard let header else {
            throw SpreadsheetError(.emptyTable, "The table is empty: the first row should name the columns, and each following row is one run. Add a header row and at least one row of values.")
        }
        return TextTable(header: header, rows: rows, rowNumbers: rowNumbers)
    }

    /// Trimmed names; trailing empty header cells are dropped (Excel writes them after a wide row).
    private static func header(from cells: [String], row: Int) throws(SpreadsheetError) -> [String] {
        var names = cells.map { $0.trimmingWhitespace() }
        while names.last?.isEmpty == true { names.removeLast() }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if name.isEmpty {
                throw SpreadsheetError(.emptyHeaderName, "The header (row \(row)) has no name in column \(Self.name(ofColumn: index + 1)). Every column needs a name: fill it in or delete the column.", row: row, column: index + 1)
            }
            if let first = seen[name] {
                throw SpreadsheetError(.duplicateHeaderName, "The header (row \(row)) names two columns \"\(name)\" (columns \(Self.name(ofColumn: first + 1)) and \(Self.name(ofColumn: index + 1))). Rename one of them.", row: row, column: index + 1)
            }
            seen[name] = index
        }
        return names
    }

    /// "3 (C)": the column's number and its spreadsheet letters.
    static func name(ofColumn number: Int) -> String {
        "\(number) (\(CellReference.letters(ofColumn: number)))"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
