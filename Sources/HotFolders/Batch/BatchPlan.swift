import CozeAPI
import OrderedJSON
import Spreadsheets
import WorkflowJobs

/// What a spreadsheet dropped into a workflow folder will run: one run per row, each with its
/// parameters, or the reason the whole table is refused before any run.
///
/// The header row names the parameters. A column named like an input is a parameter; any other
/// column (序号, 备注…) is carried through to the results untouched — unless its name looks like a
/// mistyped input (`imgae` for `image`), which refuses the batch, as does a required input that has
/// neither a column nor a fixed value in workflow.json. When the workflow's inputs are unknown,
/// every column is a string parameter. A column named `_simulate` is always a parameter (a JSON
/// object for the simulator). Cells are typed by `CellTyping`; a cell that cannot be typed, or an
/// empty required cell, fails its row only.
public struct BatchPlan: Sendable, Equatable {
    /// A file a row's cell names, to be found in the table's folder or `inbox/<NAME>/files/`,
    /// uploaded once however many rows name it, and put where the row's parameters hold
    /// `{"$file": "NAME"}` (see `AttachmentUploader.substituting`).
    public struct FileCell: Sendable, Equatable {
        /// The input (parameter) whose value holds the placeholder.
        public var parameter: String
        /// The file's plain name.
        public var fileName: String

        public init(parameter: String, fileName: String) {
            self.parameter = parameter
            self.fileName = fileName
        }
    }

    /// One data row of the table.
    public struct Row: Sendable, Equatable {
        /// Its position in `TextTable.rows` (0-based).
        public var index: Int
        /// Its number as the user sees it (`TextTable.rowNumbers`).
        public var number: Int
        /// The run's parameters: workflow.json's fixed parameters first, the row's cells override
        /// them; empty optional cells are left out. Files are `{"$file": "NAME"}` placeholders.
        public var parameters: JSONValue
        /// The files the parameters name, in order (a name may repeat across parameters).
        public var files: [FileCell]
        /// The carried-through columns: name → the cell's text, in column order.
        public var carried: [JSONMember]
        /// Why this row will not run; empty when it will.
        public var problems: [BatchProblem]

        public init(index: Int, number: Int, parameters: JSONValue, files: [FileCell] = [], carried: [JSONMember] = [], problems: [BatchProblem] = []) {
            self.index = index
            self.number = number
            self.parameters = parameters
            self.files = files
            self.carried = carried
            self.problems = problems
        }

        /// Whether the row runs (no problem with its cells).
        public var runs: Bool { problems.isEmpty }

        /// Why the row fails without a run, every problem in one text; `nil` when it runs.
        public func failure(_ language: Language) -> String? {
            problems.isEmpty ? nil : problems.map { $0.message(language) }.joined(separator: " ")
        }
    }

    /// The columns sent as parameters, in table order.
    public var parameterColumns: [String]
    /// The columns carried through untouched, in table order.
    public var carriedColumns: [String]
    /// Whether the workflow's inputs were known (else every column is a string parameter).
    public var inputsKnown: Bool
    /// Every data row, in table order; rows with problems fail without a run.
    public var rows: [Row]

    /// Plans `table` for a workflow taking `inputs` (empty when unknown), with workflow.json's
    /// fixed `parameters` (an object). Throws the refusal of the whole batch.
    public init(table: TextTable, inputs: [WorkflowInput], fixedParameters: JSONValue = .object([]),
                limits: BatchLimits = BatchLimits()) throws(BatchProblem) {
        guard !table.rows.isEmpty else {
            throw BatchProblem(.noRows,
                en: "The table has a header row but no rows under it, so there is nothing to run. Add one row per run under the header (\(Self.listed(table.header, .en))), then drop it again.",
                zh: "表格只有表头，没有数据行，没有可运行的内容。请在表头（\(Self.listed(table.header, .zh))）下面每次运行写一行，然后重新放入。")
        }
        guard table.rows.count <= limits.maximumRows else {
            let count = Self.grouped(table.rows.count), limit = Self.grouped(limits.maximumRows)
            throw BatchProblem(.tooManyRows,
                en: "The table has \(count) rows, more than the \(limit) one batch may have. Split it into tables of at most \(limit) rows and drop them one at a time.",
                zh: "表格有 \(count) 行，超过了一批最多 \(limit) 行的限制。请把它拆成每个不超过 \(limit) 行的表格，逐个放入。")
        }
        let fixed = fixedParameters.objectMembers ?? []
        let columns = try BatchColumns(header: table.header, inputs: inputs, fixed: fixed)
        parameterColumns = columns.parameters.map(\.name)
        carriedColumns = columns.carried.map(\.name)
        inputsKnown = !inputs.isEmpty
        rows = table.rows.enumerated().map { index, cells in
            columns.row(index: index, number: table.rowNumbers[index], cells: cells, fixed: fixed)
        }
    }

    /// Plans `table` for the workflow `info` describes; `nil` (or info without the start node's
    /// inputs) plans it as for a workflow whose inputs are unknown.
    public init(table: TextTable, info: WorkflowInfo?, fixedParameters: JSONValue = .object([]),
                limits: BatchLimits = BatchLimits()) throws(BatchProblem) {
        let inputs = info.map { $0.hasInputs ? $0.inputs : [] } ?? []
        try self.init(table: table, inputs: inputs, fixedParameters: fixedParameters, limits: limits)
    }

    /// The rows that run.
    public var runningRows: [Row] { rows.filter(\.runs) }
    /// The rows that fail without a run.
    public var failedRows: [Row] { rows.filter { !$0.runs } }

    /// Every file the running rows name, each once, in order of first mention: upload each once.
    public var fileNames: [String] {
        var seen: Set<String> = []
        return runningRows.flatMap(\.files).map(\.fileName).filter { seen.insert($0).inserted }
    }

    static func listed(_ names: [String], _ language: Language) -> String {
        names.map { "`\($0)`" }.joined(separator: language == .zh ? "、" : ", ")
    }

    /// `12345` → `12,345`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (number < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
