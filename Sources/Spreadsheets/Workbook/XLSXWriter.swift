/// Writes a one-sheet .xlsx workbook that Excel, WPS and openpyxl open: a bold, frozen header
/// row, then rows of text and numbers. Text goes in as inline strings, or as shared strings
/// (as Excel itself writes them) when `sharedStrings` is set.
public struct XLSXWriter: Sendable {
    /// One cell's value.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    /// The sheet's tab name (at most 31 characters, none of `[]:*?/\`; others are replaced).
    public var sheetName: String
    public var sharedStrings: Bool
    public var modified: ZipWriter.Timestamp

    public init(sheetName: String = "Sheet1", sharedStrings: Bool = false, modified: ZipWriter.Timestamp = ZipWriter.Timestamp(year: 2000, month: 1, day: 1)) {
        self.sheetName = sheetName
        self.sharedStrings = sharedStrings
        self.modified = modified
    }

    /// Every cell as text.
    public func bytes(_ table: TextTable) throws(SpreadsheetError) -> [UInt8] {
        try bytes(header: table.header, rows: table.rows.map { $0.map(Cell.text) })
    }

    /// The header row, then the rows. Excel's limits are errors: 32,767 characters in a cell
    /// (naming the cell), 1,048,576 rows, 16,384 columns.
    public func bytes(header: [String], rows: [[Cell]]) throws(SpreadsheetError) -> [UInt8] {
        guard rows.count < 1_048_576 else {
            throw SpreadsheetError(.tooManyRows, "\(rows.count) rows do not fit in one sheet: Excel holds at most 1,048,575 under the header. Write the table as CSV, or split it.")
        }
        if let widest = ([header.count] + rows.map(\.count)).max(), widest > 16_384 {
            throw SpreadsheetError(.tooManyColumns, "\(widest) columns do not fit in one sheet: Excel holds at most 16,384. Write the table as CSV.")
        }
        var strings = SharedStringTable()
        var sheet = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        sheet += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        sheet += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        sheet += "<sheetData>"
        for (index, row) in ([header.map(Cell.text)] + rows).enumerated() {
            let number = index + 1
            sheet += #"<row r="\#(number)">"#
            for (offset, cell) in row.enumerated() {
                let reference = CellReference(column: offset + 1, row: number).text
                let style = number == 1 ? #" s="1""# : ""
                switch cell {
                case .number(let value) where value.isFinite:
                    sheet += #"<c r="\#(reference)"\#(style)><v>\#(CellText.format(value))</v></c>"#
                case .number(let value):
                    sheet += try textCell("\(value)", reference: reference, style: style, strings: &strings, row: number, column: offset + 1)
                case .text(let text):
                    guard !text.isEmpty else { continue }
                    sheet += try textCell(text, reference: reference, style: style, strings: &strings, row: number, column: offset + 1)
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"

        var zip = ZipWriter(modified: modified)
        try zip.add("[Content_Types].xml", Array(contentTypes.utf8))
        try zip.add("_rels/.rels", Array(Self.packageRelationships.utf8))
        try zip.add("xl/workbook.xml", Array(workbook.utf8))
        try zip.add("xl/_rels/workbook.xml.rels", Array(workbookRelationships.utf8))
        try zip.add("xl/styles.xml", Array(Self.styles.utf8))
        try zip.add("xl/worksheets/sheet1.xml", Array(sheet.utf8))
        if sharedStrings { try zip.add("xl/sharedStrings.xml", Array(strings.xml.utf8)) }
        return zip.bytes()
    }

    private func textCell(_ text: String, reference: String, style: String, strings: inout SharedStringTable, row: Int, column: Int) throws(SpreadsheetError) -> String {
        guard text.utf16.count <= 32_767 else {
            throw SpreadsheetError(.cellTooLarge, "The cell in row \(row), column \(TableAssembler.name(ofColumn: column)) holds \(text.utf16.count) characters; Excel allows at most 32,767 in a cell. Shorten it, or write the table as CSV.", row: row, column: column)
        }
        if sharedStrings {
            return #"<c r="\#(reference)"\#(style) t="s"><v>\#(strings.index(of: text))</v></c>"#
        }
        return #"<c r="\#(reference)"\#(style) t="inlineStr"><is>\#(Self.textElement(text))</is></c>"#
    }

    /// `<t>` with the text escaped, keeping spaces at its ends.
    static func textElement(_ text: String) -> String {
        let escaped = escape(CellText.escapeOOXML(text))
        let keepsSpace = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.contains("\n")
        return keepsSpace ? #"<t xml:space="preserve">\#(escaped)</t>"# : "<t>\(escaped)</t>"
    }

    /// XML-escapes text for element content and attribute values (CR kept as a reference, as
    /// XML would otherwise turn it into LF).
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "\r": output += "&#13;"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    var validSheetName: String {
        let cleaned = String(sheetName.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31)).trimmingWhitespace()
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    private var contentTypes: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + (sharedStrings ? #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"# : "")
            + "</Types>"
    }

    private static let packageRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private var workbook: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + #"<sheets><sheet name="\#(Self.escape(validSheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    }

    private var workbookRelationships: String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="\#(base)worksheet" Target="worksheets/sheet1.xml"/>"#
            + #"<Relationship Id="rId2" Type="\#(base)styles" Target="styles.xml"/>"#
            + (sharedStrings ? #"<Relationship Id="rId3" Type="\#(base)sharedStrings" Target="sharedStrings.xml"/>"# : "")
            + "</Relationships>"
    }

    /// Two cell formats: 0 plain, 1 bold (the header).
    private static let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"
}
