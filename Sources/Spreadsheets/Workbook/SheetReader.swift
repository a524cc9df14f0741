/// Reads one worksheet part's `<sheetData>` into a `TextTable`, row by row.
struct SheetReader {
    let part: String
    let strings: [String]
    let dates: DateStyles
    let limits: TableLimits

    private var assembler: TableAssembler
    private var rowNumber = 0
    private var cells: [Int: String] = [:]
    private var lastColumn = 0
    // The cell being read.
    private var reference = CellReference(column: 0, row: 0)
    private var type = "n", style = 0
    private var value = "", inline = "", inValue = false, inInlineText = false, phonetic = 0

    init(part: String, strings: [String], dates: DateStyles, limits: TableLimits) {
        self.part = part
        self.strings = strings
        self.dates = dates
        self.limits = limits
        assembler = TableAssembler(limits: limits)
    }

    mutating func read(_ bytes: [UInt8]) throws(SpreadsheetError) -> TextTable {
        var tokenizer = XMLTokenizer(bytes, part: part)
        while let event = try tokenizer.next() {
            switch event {
            case .start("row", let attributes):
                rowNumber = attributes["r"].flatMap { Int($0.trimmingWhitespace()) } ?? rowNumber + 1
                cells = [:]
                lastColumn = 0
            case .end("row"):
                try finishRow()
            case .start("c", let attributes):
                if let text = attributes["r"] {
                    guard let parsed = CellReference(text) else { throw invalid("the cell reference \"\(text)\"") }
                    reference = parsed
                } else {
                    reference = CellReference(column: lastColumn + 1, row: rowNumber)
                }
                lastColumn = reference.column
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap { Int($0) } ?? 0
                value = ""
                inline = ""
            case .end("c"):
                let text = try cellText()
                if !text.isEmpty {
                    guard reference.column <= limits.maximumColumns else {
                        throw SpreadsheetError(.tooManyColumns, "Cell \(reference.text) is beyond the limit of \(limits.maximumColumns) columns. Remove the extra columns or split the table.", row: rowNumber, column: reference.column)
                    }
                    cells[reference.column] = text
                }
            case .start("v", _): inValue = true
            case .end("v"): inValue = false
            case .start("rPh", _): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .start("t", _): inInlineText = phonetic == 0
            case .end("t"): inInlineText = false
            case .text(let text):
                if inValue { value += text } else if inInlineText { inline += text }
                if value.utf8.count + inline.utf8.count > limits.maximumCellBytes {
                    throw SpreadsheetError(.cellTooLarge, "Cell \(reference.text) holds more than \(limits.maximumCellBytes) bytes. Shorten it, or pass its content as a file.", row: rowNumber, column: reference.column)
                }
            default: break
            }
        }
        return try assembler.finish()
    }

    private func invalid(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.invalidWorkbook, "\(part) in the workbook has \(detail), which is not SpreadsheetML. Open the file in Excel or WPS and save it again.", row: rowNumber)
    }

    private func cellText() throws(SpreadsheetError) -> String {
        switch type {
        case "s":
            guard !value.isEmpty else { return "" }
            guard let index = Int(value.trimmingWhitespace()), strings.indices.contains(index) else {
                throw invalid("a shared string \(value) that the workbook does not have (cell \(reference.text))")
            }
            return strings[index]
        case "inlineStr": return CellText.unescapeOOXML(inline)
        case "str", "e": return CellText.unescapeOOXML(value)
        case "b": return value.isEmpty ? "" : CellText.boolean(value)
        case "d": return value
        default:
            guard !value.isEmpty else { return "" }
            if let date = dates.text(forSerial: value, style: style) { return date }
            return CellText.number(value)
        }
    }

    private mutating func finishRow() throws(SpreadsheetError) {
        guard let width = cells.keys.max() else {
            try assembler.add(number: rowNumber, cells: [])
            return
        }
        var row = Array(repeating: "", count: width)
        for (column, text) in cells { row[column - 1] = text }
        try assembler.add(number: rowNumber, cells: row)
    }
}
