import OrderedJSON
import Spreadsheets

/// The results tables of a batch, from the input table and each row's outcome (`nil` while the
/// row has not finished: the tables are rewritten as the batch runs).
///
/// Columns: the input's columns, then `status`, the output — one column per top-level field when
/// outputs are objects (the union over rows, in first-seen order), else one `output` column — then
/// `error`, `question`, `tokens`, `duration_ms`, `execute_id`, `debug_url`. An output field named
/// like another column is written `output.NAME`; an input column named like one of the results' own
/// columns is written `input.NAME` (in the results only: `.failed.csv` keeps the input's header).
public struct BatchResults: Sendable {
    /// The columns after the input's: the outcome's own.
    public static let statusColumn = "status"
    public static let trailingColumns = ["error", "question", "tokens", "duration_ms", "execute_id", "debug_url"]
    /// Excel's limit on the characters in a cell.
    static let excelCellLimit = 32_767

    public var table: TextTable
    /// One per row of `table`, `nil` for a row not finished yet.
    public var outcomes: [BatchRowOutcome?]

    public init(table: TextTable, outcomes: [BatchRowOutcome?]) {
        self.table = table
        self.outcomes = outcomes.count >= table.rows.count ? Array(outcomes.prefix(table.rows.count))
            : outcomes + Array(repeating: nil, count: table.rows.count - outcomes.count)
    }

    /// The output columns: the fields of object outputs, and `output` when some output is not an object.
    var outputColumns: (fields: [String], plain: Bool) {
        var fields: [String] = []
        var seen: Set<String> = []
        var plain = false
        for case let outcome? in outcomes {
            switch outcome.output {
            case nil, .null?: continue
            case .object(let members)?:
                for member in members where seen.insert(member.key).inserted { fields.append(member.key) }
            case _?: plain = true
            }
        }
        return (fields, plain)
    }

    /// The header of `.results.csv` and `.results.xlsx`.
    public var header: [String] { layout.header }

    private var layout: (header: [String], fields: [String], plain: Bool) {
        let (fields, plain) = outputColumns
        let own = [Self.statusColumn] + (plain ? ["output"] : []) + Self.trailingColumns
        // An input column named like one of the results' own (`status`, `error`…) is renamed here
        // only, so `status` is always the outcome and every column name stays distinct.
        let inputs = table.header.map { own.contains($0) ? "input.\($0)" : $0 }
        let taken = Set(inputs + own)
        let fieldNames = fields.map { taken.contains($0) ? "output.\($0)" : $0 }
        var seen: Set<String> = []
        let header = (inputs + [Self.statusColumn] + (plain ? ["output"] : []) + fieldNames + Self.trailingColumns).map { name in
            var candidate = name, number = 1
            while !seen.insert(candidate).inserted {
                number += 1
                candidate = "\(name) (\(number))"
            }
            return candidate
        }
        return (header, fields, plain)
    }

    /// One cell of the results: its text for the CSV, its value for the workbook.
    struct Cell: Equatable {
        var text: String
        var workbook: XLSXWriter.Cell

        static func text(_ text: String) -> Cell { Cell(text: text, workbook: .text(text)) }
        static func number(_ number: Int) -> Cell { Cell(text: String(number), workbook: .number(Double(number))) }
        static let empty = Cell.text("")

        /// A JSON value: text as text, a number as its literal (and as a number in the workbook
        /// when a spreadsheet holds it exactly: a 19-digit id stays text), other JSON compact.
        init(_ value: JSONValue) {
            switch value {
            case .null: self = .empty
            case .string(let text): self = .text(text)
            case .bool(let flag): self = .text(flag ? "true" : "false")
            case .number(let literal):
                if let double = Double(literal), double.isFinite, Cell.fitsExactly(literal) {
                    self.init(text: literal, workbook: .number(double))
                } else {
                    self = .text(literal)
                }
            case .array, .object: self = .text(JSONWriter(prettyPrinted: false).string(from: value))
            }
        }

        init(text: String, workbook: XLSXWriter.Cell) {
            self.text = text
            self.workbook = workbook
        }

        /// Whether a double shows the number as written: at most 15 significant digits.
        static func fitsExactly(_ literal: String) -> Bool {
            let mantissa = literal.prefix { $0 != "e" && $0 != "E" }
            let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
            // Trailing zeros after a decimal point are not significant (`1.50`).
            let significant = mantissa.contains(".") ? String(digits).reversed().drop { $0 == "0" }.count : digits.count
            return significant <= 15
        }
    }

    /// Each row's cells, in `header` order.
    func rows() -> [[Cell]] {
        let (header, fields, plain) = layout
        return table.rows.enumerated().map { index, inputCells in
            var row = inputCells.map(Cell.text)
            guard let outcome = outcomes[index] else {
                return row + Array(repeating: .empty, count: header.count - row.count)
            }
            row.append(.text(outcome.status.rawValue))
            if plain {
                if let output = outcome.output, output.objectMembers == nil { row.append(Cell(output)) } else { row.append(.empty) }
            }
            for field in fields {
                row.append(outcome.output?[field].map(Cell.init) ?? .empty)
            }
            row.append(.text(outcome.errorText))
            row.append(.text(outcome.question ?? ""))
            row.append(outcome.tokens.map(Cell.number) ?? .empty)
            row.append(outcome.durationMilliseconds.map(Cell.number) ?? .empty)
            row.append(.text(outcome.executeID ?? ""))
            row.append(.text(outcome.debugURL ?? ""))
            return row
        }
    }

    /// `<table>.results.csv`: UTF-8 with a byte-order mark, CRLF, every cell as text (numbers as
    /// the workflow wrote them).
    public func csv() -> [UInt8] {
        CSVWriter().bytes(header: header, rows: rows().map { $0.map(\.text) })
    }

    /// `<table>.results.xlsx`: numbers as numbers, text as text; a cell longer than Excel allows is
    /// cut, saying so (the whole text is in `.results.jsonl`).
    public func xlsx() throws(SpreadsheetError) -> [UInt8] {
        let cells = rows().map { row in
            row.map { cell -> XLSXWriter.Cell in
                guard case .text(let text) = cell.workbook, text.utf16.count > Self.excelCellLimit else { return cell.workbook }
                return .text(String(text.prefix(32_000)) + " … [cut: Excel holds 32,767 characters in a cell; the whole text is in the .results.jsonl file]")
            }
        }
        return try XLSXWriter(sheetName: "results").bytes(header: header, rows: cells)
    }

    /// `<table>.results.jsonl`: one line per row, `{"row", "status", "input", "record"}` — the row
    /// as the user sees it, its status (`""` while running), its cells by column, and the record.
    public func jsonLines() -> [UInt8] {
        var output: [UInt8] = []
        let writer = JSONWriter(prettyPrinted: false)
        for (index, cells) in table.rows.enumerated() {
            let input = zip(table.header, cells).map { JSONMember(key: $0.0, value: .string($0.1)) }
            let line: JSONValue = .object([
                JSONMember(key: "row", value: .integer(table.rowNumbers[index])),
                JSONMember(key: "status", value: .string(outcomes[index]?.status.rawValue ?? "")),
                JSONMember(key: "input", value: .object(input)),
                JSONMember(key: "record", value: outcomes[index]?.record ?? .null),
            ])
            output += writer.bytes(from: line)
            output.append(0x0A)
        }
        return output
    }

    /// The rows that finished without success (failed, needs_input, skipped…), by position.
    public var failedRows: [Int] {
        outcomes.indices.filter { outcomes[$0].map { $0.status != .success } ?? false }
    }

    /// `<table>.failed.csv`: the rows that did not succeed, with the same columns as the input, to
    /// be corrected and dropped in again; `nil` when there are none.
    public func failedCSV() -> [UInt8]? {
        let failed = failedRows
        guard !failed.isEmpty else { return nil }
        return CSVWriter().bytes(header: table.header, rows: failed.map { table.rows[$0] })
    }
}
