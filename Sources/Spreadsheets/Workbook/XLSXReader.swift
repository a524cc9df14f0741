/// Reads the first sheet of an .xlsx workbook (Excel, WPS, openpyxl…) into a `TextTable`:
/// shared strings (rich text joined), inline strings, numbers (integers without ".0"), booleans
/// (TRUE/FALSE, as Excel's CSV export writes them), errors (`#N/A`), formulas' cached values, and
/// cells placed by their `r` references, so skipped cells and columns stay empty.
public struct XLSXReader: Sendable {
    public var limits: TableLimits
    public var zipLimits: ZipLimits

    public init(limits: TableLimits = TableLimits(), zipLimits: ZipLimits = ZipLimits()) {
        self.limits = limits
        self.zipLimits = zipLimits
    }

    public func table(bytes: [UInt8]) throws(SpreadsheetError) -> TextTable {
        let archive = try ZipArchive(bytes: bytes, limits: zipLimits)
        let workbookPath = try PackageRelationships(of: "", in: archive).first(ofType: "officeDocument")?.path ?? "xl/workbook.xml"
        guard let workbook = try archive.contents(named: workbookPath) else {
            throw SpreadsheetError(.missingPart, "The archive has no workbook (\(workbookPath)), so it is not an .xlsx workbook. Open it in Excel or WPS and save it as \"Excel Workbook (.xlsx)\".")
        }
        let relationships = try PackageRelationships(of: workbookPath, in: archive)
        let (sheetName, sheetID, date1904) = try Self.firstSheet(in: workbook, part: workbookPath)
        guard let sheetPath = relationships.byID[sheetID]?.path, let sheet = try archive.contents(named: sheetPath) else {
            throw SpreadsheetError(.missingPart, "The workbook's first sheet (\"\(sheetName)\") is missing from the file. Open it in Excel or WPS and save it again.")
        }
        var strings: [String] = []
        let stringsPath = relationships.first(ofType: "sharedStrings")?.path ?? PackageRelationships.folder(of: workbookPath) + "sharedStrings.xml"
        if let bytes = try archive.contents(named: stringsPath) {
            strings = try SharedStrings.read(bytes, part: stringsPath, maximumCellBytes: limits.maximumCellBytes)
        }
        var dates = DateStyles()
        if let stylesPath = relationships.first(ofType: "styles")?.path, let styles = try archive.contents(named: stylesPath) {
            dates = try DateStyles(styles, part: stylesPath)
        }
        dates.date1904 = date1904
        var sheetReader = SheetReader(part: sheetPath, strings: strings, dates: dates, limits: limits)
        return try sheetReader.read(sheet)
    }

    /// The name and relationship id of the first `<sheet>` in workbook.xml, and whether dates count from 1904.
    private static func firstSheet(in workbook: [UInt8], part: String) throws(SpreadsheetError) -> (String, String, Bool) {
        var tokenizer = XMLTokenizer(workbook, part: part)
        var date1904 = false
        while let event = try tokenizer.next() {
            if case .start("workbookPr", let attributes) = event {
                date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
            }
            if case .start("sheet", let attributes) = event, let id = attributes["id"] {
                return (attributes["name"] ?? "", id, date1904)
            }
        }
        throw SpreadsheetError(.missingPart, "The workbook lists no sheet. Open it in Excel or WPS, check it has a sheet with the table, and save it again.")
    }
}
