/// Reads CSV (RFC 4180) and TSV text into a `TextTable`: quoted cells may hold delimiters, quotes
/// (written twice) and line breaks; records end with CRLF, LF or CR; the last may have no line
/// break; empty records are skipped. Text after a closing quote is kept, as Python's csv does.
public struct CSVReader: Sendable {
    /// The byte between cells: `,` for .csv, a tab for .tsv.
    public var delimiter: UInt8
    public var limits: TableLimits

    public init(delimiter: UInt8 = UInt8(ascii: ","), limits: TableLimits = TableLimits()) {
        self.delimiter = delimiter
        self.limits = limits
    }

    /// A reader for a file named `name`: tab-separated for .tsv, comma-separated for .csv.
    public init(forFileNamed name: String, limits: TableLimits = TableLimits()) throws(SpreadsheetError) {
        switch TableFormat(fileName: name) {
        case .csv: self.init(delimiter: UInt8(ascii: ","), limits: limits)
        case .tsv: self.init(delimiter: UInt8(ascii: "\t"), limits: limits)
        default:
            throw SpreadsheetError(.unsupportedFileType, "\(name) is not a .csv or .tsv file.")
        }
    }

    /// Decodes the bytes (UTF-8, UTF-16, GBK; see `TableTextDecoder`) and reads the table.
    public func table(bytes: [UInt8]) throws(SpreadsheetError) -> TextTable {
        try table(text: TableTextDecoder.decode(bytes).text)
    }

    public func table(text: String) throws(SpreadsheetError) -> TextTable {
        var assembler = TableAssembler(limits: limits)
        // A byte-order mark left at the start by a caller that decoded the text itself.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        try records(in: text) { number, cells throws(SpreadsheetError) in
            try assembler.add(number: number, cells: cells)
        }
        return try assembler.finish()
    }

    private enum State { case startRecord, startField, unquoted, quoted, quoteInQuoted }

    /// Calls `body` with every record, empty ones included (with no cells), numbered from 1.
    func records(in text: String, _ body: (Int, [String]) throws(SpreadsheetError) -> Void) throws(SpreadsheetError) {
        let bytes = Array(text.utf8)
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var state = State.startRecord
        var cells: [String] = [], field: [UInt8] = []
        var number = 0, line = 1, quoteLine = 1
        var index = 0

        func endField() {
            cells.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        /// Ends the record at the line break at `index` (CR, LF or CRLF) and steps past it.
        func endRecord() throws(SpreadsheetError) {
            number += 1
            try body(number, cells)
            cells.removeAll(keepingCapacity: true)
            if index < bytes.count {
                if bytes[index] == cr, index + 1 < bytes.count, bytes[index + 1] == lf { index += 1 }
                line += 1
            }
            state = .startRecord
        }

        while index < bytes.count {
            let byte = bytes[index]
            let isBreak = byte == cr || byte == lf
            switch state {
            case .startRecord where isBreak:
                try endRecord()
            case .startRecord, .startField:
                if byte == quote {
                    state = .quoted
                    quoteLine = line
                } else if byte == delimiter {
                    endField()
                    state = .startField
                } else if isBreak {
                    endField()
                    try endRecord()
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .unquoted, .quoteInQuoted:
                if byte == quote, state == .quoteInQuoted {
                    field.append(quote)
                    state = .quoted
                } else if byte == delimiter {
                    endField()
                    state = .startField
                } else if isBreak {
                    endField()
                    try endRecord()
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else {
                    field.append(byte)
                    if byte == lf || (byte == cr && (index + 1 == bytes.count || bytes[index + 1] != lf)) { line += 1 }
                    if field.count > limits.maximumCellBytes {
                        throw SpreadsheetError(.cellTooLarge, "The quoted cell that starts on line \(quoteLine) (row \(number + 1), column \(cells.count + 1)) is longer than \(limits.maximumCellBytes) bytes. Check that its closing quote (\") is there, or shorten it.", row: number + 1, column: cells.count + 1)
                    }
                }
            }
            index += 1
        }
        switch state {
        case .startRecord: break
        case .quoted:
            throw SpreadsheetError(.unterminatedQuote, "Row \(number + 1), column \(cells.count + 1): the quote (\") opened on line \(quoteLine) is never closed. Add the closing quote, and write a quote inside a quoted cell as two quotes (\"\").", row: number + 1, column: cells.count + 1)
        default:
            endField()
            try endRecord()
        }
    }
}
