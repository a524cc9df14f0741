import CozeAPI

/// Why a spreadsheet batch, or one row of it, will not run: a closed `code`, the place (the row as
/// the user sees it, the column by name) when there is one, and the message in English and Chinese,
/// each saying what to do.
public struct BatchProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem. A closed set: callers may switch over it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case noRows, tooManyRows, misspelledColumn, missingInput
            case emptyRequiredCell, invalidCell, invalidFileName
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        /// The table has a header but no data rows. Refuses the batch.
        public static let noRows = Code(.noRows)
        /// More data rows than `BatchLimits.maximumRows`. Refuses the batch.
        public static let tooManyRows = Code(.tooManyRows)
        /// A column's name looks like a mistyped input name (`imgae` for `image`). Refuses the batch.
        public static let misspelledColumn = Code(.misspelledColumn)
        /// A required input has no column and no fixed value in workflow.json. Refuses the batch.
        public static let missingInput = Code(.missingInput)
        /// A required input's cell is empty in this row. Fails the row only.
        public static let emptyRequiredCell = Code(.emptyRequiredCell)
        /// A cell cannot be turned into its input's type (`1,234` for an integer). Fails the row only.
        public static let invalidCell = Code(.invalidCell)
        /// A file-typed cell is neither a URL nor a plain file name. Fails the row only.
        public static let invalidFileName = Code(.invalidFileName)
    }

    public var code: Code
    /// What went wrong and what to do, in English.
    public var english: String
    /// The same in Chinese.
    public var chinese: String
    /// The row as the user sees it (`TextTable.rowNumbers`), when the problem is in one row.
    public var row: Int?
    /// The column's name, when the problem is in one column.
    public var column: String?

    public init(_ code: Code, en english: String, zh chinese: String, row: Int? = nil, column: String? = nil) {
        self.code = code
        self.english = english
        self.chinese = chinese
        self.row = row
        self.column = column
    }

    /// The message in `language`.
    public func message(_ language: Language) -> String {
        language.pick(en: english, zh: chinese)
    }

    /// Whether this problem refuses the whole batch (rather than failing one row).
    public var refusesBatch: Bool {
        [Code.noRows, .tooManyRows, .misspelledColumn, .missingInput].contains(code)
    }

    public var description: String { english }
}
