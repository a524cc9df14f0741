/// Why a table could not be read or written: a closed `code` the caller can word in either
/// language, the place (row, column) when there is one, and an English message saying what to do.
public struct SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem. A closed set: callers switch over it to write their own wording.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case undecodableText, unsupportedFileType, emptyTable, unterminatedQuote
            case tooManyRows, tooManyColumns, cellTooLarge, rowWiderThanHeader
            case emptyHeaderName, duplicateHeaderName, invalidJSONLine, notAnObject
            case notAZipArchive, unsupportedZip, zipTooLarge, damagedZip, missingPart, invalidWorkbook
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        /// The bytes are neither UTF-8, UTF-16 with a byte-order mark, nor GB18030.
        public static let undecodableText = Code(.undecodableText)
        /// The file name's extension is not one of .csv, .tsv, .jsonl, .xlsx.
        public static let unsupportedFileType = Code(.unsupportedFileType)
        /// No header row (the file or sheet is empty).
        public static let emptyTable = Code(.emptyTable)
        /// A quoted CSV cell is never closed.
        public static let unterminatedQuote = Code(.unterminatedQuote)
        /// More data rows than the limit.
        public static let tooManyRows = Code(.tooManyRows)
        /// More columns than the limit.
        public static let tooManyColumns = Code(.tooManyColumns)
        /// One cell holds more bytes than the limit (or more characters than Excel allows).
        public static let cellTooLarge = Code(.cellTooLarge)
        /// A row has a non-empty cell to the right of the last header column.
        public static let rowWiderThanHeader = Code(.rowWiderThanHeader)
        /// A header cell is empty.
        public static let emptyHeaderName = Code(.emptyHeaderName)
        /// Two header cells have the same (trimmed) name.
        public static let duplicateHeaderName = Code(.duplicateHeaderName)
        /// A JSON Lines line is not valid JSON.
        public static let invalidJSONLine = Code(.invalidJSONLine)
        /// A JSON Lines line is valid JSON but not an object.
        public static let notAnObject = Code(.notAnObject)
        /// The bytes are not a ZIP archive (an .xlsx is one).
        public static let notAZipArchive = Code(.notAZipArchive)
        /// ZIP64, encryption, or a compression method other than stored/deflated.
        public static let unsupportedZip = Code(.unsupportedZip)
        /// The archive would unpack to more than the limits allow (a ZIP bomb, or simply too big).
        public static let zipTooLarge = Code(.zipTooLarge)
        /// The archive's structure, compressed data or checksum is broken.
        public static let damagedZip = Code(.damagedZip)
        /// A part the workbook needs (its workbook.xml, the first sheet) is missing.
        public static let missingPart = Code(.missingPart)
        /// A workbook part is not well-formed XML or not shaped as SpreadsheetML.
        public static let invalidWorkbook = Code(.invalidWorkbook)
    }

    public var code: Code
    /// What went wrong and what to do, in English.
    public var message: String
    /// The 1-based row (CSV record, JSON Lines line, sheet row) it concerns, when there is one.
    public var row: Int?
    /// The 1-based column it concerns, when there is one.
    public var column: Int?

    public init(_ code: Code, _ message: String, row: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.row = row
        self.column = column
    }

    public var description: String { message }
}
