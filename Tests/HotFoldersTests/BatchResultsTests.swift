import Foundation
import HotFolders
import OrderedJSON
import Spreadsheets
import Testing

@Suite struct BatchResultsTests {
    static let table = TextTable(header: ["序号", "prompt", "code"],
                                 rows: [["1", "a cat", "007"], ["2", "a \"dog\", big", "008"], ["3", "多行\r\n文字", "009"], ["4", "later", "010"]],
                                 rowNumbers: [2, 3, 5, 6])

    static func json(_ text: String) -> JSONValue { (try? JSONParser().parse(text)) ?? .null }

    static let outcomes: [BatchRowOutcome?] = [
        BatchRowOutcome(status: .success, output: json(#"{"title": "猫", "score": 0.95, "tags": ["a", "b"]}"#),
                        tokens: 120, durationMilliseconds: 1530, executeID: "7400000000000000001", debugURL: "https://www.coze.cn/work_flow?execute_id=1",
                        record: json(#"{"status": "success", "output": {"title": "猫"}}"#)),
        BatchRowOutcome(status: .failed, errorKind: "workflow_failed", errorMessage: "The workflow failed: node 2 timed out.", tokens: 30, durationMilliseconds: 800),
        BatchRowOutcome(status: .success, output: json(#"{"score": 12, "id": 7366468917055111111, "extra": null}"#), tokens: 5, durationMilliseconds: 10),
        nil,
    ]

    static let expectedHeader = ["序号", "prompt", "code", "status", "title", "score", "tags", "id", "extra",
                                 "error", "question", "tokens", "duration_ms", "execute_id", "debug_url"]

    @Test func theResultsHaveTheInputsColumnsThenStatusOutputFieldsAndTheRunsDetails() {
        let results = BatchResults(table: Self.table, outcomes: Self.outcomes)
        #expect(results.header == Self.expectedHeader)
    }

    @Test(.enabled(if: BatchPython.available, Comment(rawValue: BatchPython.missing)))
    func pythonsCSVModuleReadsTheResultsCellForCell() throws {
        let bytes = BatchResults(table: Self.table, outcomes: Self.outcomes).csv()
        let read = try BatchPython.csv(bytes)
        #expect(read.bom)
        #expect(read.ends_with_crlf)
        // The only line feed not in a CRLF line end would be inside a cell; there is none.
        #expect(read.lone_line_feeds == 0)
        #expect(read.records == [
            Self.expectedHeader,
            ["1", "a cat", "007", "success", "猫", "0.95", #"["a","b"]"#, "", "", "", "", "120", "1530", "7400000000000000001", "https://www.coze.cn/work_flow?execute_id=1"],
            ["2", "a \"dog\", big", "008", "failed", "", "", "", "", "", "workflow_failed: The workflow failed: node 2 timed out.", "", "30", "800", "", ""],
            ["3", "多行\r\n文字", "009", "success", "", "12", "", "7366468917055111111", "", "", "", "5", "10", "", ""],
            // Not finished yet: the input's cells and nothing else.
            ["4", "later", "010", "", "", "", "", "", "", "", "", "", "", "", ""],
        ])
    }

    @Test(.enabled(if: BatchPython.available, Comment(rawValue: BatchPython.missing)))
    func textOutputsGoInOneOutputColumnAndOtherJSONIsCompact() throws {
        let table = TextTable(header: ["prompt"], rows: [["a"], ["b"], ["c"], ["d"]])
        let results = BatchResults(table: table, outcomes: [
            BatchRowOutcome(status: .success, output: .string("第一行\n第二行")),
            BatchRowOutcome(status: .success, output: .array([.integer(1), .bool(true)])),
            BatchRowOutcome(status: .needsInput, question: "Which size?"),
            BatchRowOutcome(status: .success, output: .number("3.50")),
        ])
        #expect(results.header == ["prompt", "status", "output", "error", "question", "tokens", "duration_ms", "execute_id", "debug_url"])
        let read = try BatchPython.csv(results.csv())
        #expect(read.records.map { Array($0.prefix(5)) } == [
            ["prompt", "status", "output", "error", "question"],
            ["a", "success", "第一行\n第二行", "", ""],
            ["b", "success", "[1,true]", "", ""],
            ["c", "needs_input", "", "", "Which size?"],
            ["d", "success", "3.50", "", ""],
        ])
    }

    @Test func anOutputFieldNamedLikeAnotherColumnIsPrefixed() {
        let table = TextTable(header: ["prompt", "text"], rows: [["a", "b"]])
        let results = BatchResults(table: table, outcomes: [
            BatchRowOutcome(status: .success, output: Self.json(#"{"text": "x", "status": "ok", "output": "y", "tokens": 3}"#)),
        ])
        #expect(results.header == ["prompt", "text", "status", "output.text", "output.status", "output", "output.tokens",
                                   "error", "question", "tokens", "duration_ms", "execute_id", "debug_url"])
    }

    @Test func anInputColumnNamedLikeAResultsColumnIsRenamedInTheResultsOnly() throws {
        let table = TextTable(header: ["status", "error", "prompt"], rows: [["new", "none", "a"]])
        let results = BatchResults(table: table, outcomes: [
            BatchRowOutcome(status: .failed, output: Self.json(#"{"input.status": 1, "prompt": 2}"#), errorMessage: "boom"),
        ])
        #expect(results.header == ["input.status", "input.error", "prompt", "status", "output.input.status", "output.prompt",
                                   "error", "question", "tokens", "duration_ms", "execute_id", "debug_url"])
        // The results read back as a table (distinct names), and `status` is the outcome.
        let read = try TableReader().table(fileName: "t.results.csv", bytes: results.csv())
        #expect(read.rows[0][try #require(read.column(named: "status"))] == "failed")
        #expect(read.rows[0][try #require(read.column(named: "input.status"))] == "new")
        let failed = try TableReader().table(fileName: "t.failed.csv", bytes: try #require(results.failedCSV()))
        #expect(failed.header == table.header)
    }

    @Test func mixedOutputsGetBothAnOutputColumnAndFieldColumns() throws {
        let table = TextTable(header: ["prompt"], rows: [["a"], ["b"]])
        let results = BatchResults(table: table, outcomes: [
            BatchRowOutcome(status: .success, output: .string("plain")),
            BatchRowOutcome(status: .success, output: Self.json(#"{"output": "field"}"#)),
        ])
        #expect(results.header.prefix(4) == ["prompt", "status", "output", "output.output"])
        let text = String(decoding: results.csv().dropFirst(3), as: UTF8.self)
        #expect(text.contains("a,success,plain,,"))
        #expect(text.contains("b,success,,field,"))
    }

    @Test(.enabled(if: BatchPython.hasOpenpyxl, Comment(rawValue: BatchPython.missingOpenpyxl)))
    func openpyxlReadsNumbersAsNumbersAndTextAsText() throws {
        let bytes = try BatchResults(table: Self.table, outcomes: Self.outcomes).xlsx()
        let workbook = try BatchPython.xlsx(bytes)
        #expect(workbook.title == "results")
        #expect(workbook.rows.first == Self.expectedHeader.map(BatchPython.WorkbookCell.text))
        let first = workbook.rows[1]
        #expect(first[2] == .text("007"))
        #expect(first[3] == .text("success"))
        #expect(first[4] == .text("猫"))
        #expect(first[5] == .number(0.95))
        #expect(first[11] == .number(120))
        #expect(first[12] == .number(1530))
        #expect(first[13] == .text("7400000000000000001"))
        let third = workbook.rows[3]
        #expect(third[1] == .text("多行\r\n文字") || third[1] == .text("多行\n文字"))
        #expect(third[5] == .number(12))
        // A 19-digit id would lose digits as a number: it stays text.
        #expect(third[7] == .text("7366468917055111111"))
        #expect(workbook.rows[4][3] == .empty)
    }

    @Test func spreadsheetsOwnReaderReadsTheWorkbookBack() throws {
        let results = BatchResults(table: Self.table, outcomes: Self.outcomes)
        let table = try TableReader().table(fileName: "orders.results.xlsx", bytes: results.xlsx())
        let fromCSV = try TableReader().table(fileName: "orders.results.csv", bytes: results.csv())
        #expect(table.header == Self.expectedHeader)
        #expect(table.rows[0][5] == "0.95")
        #expect(fromCSV.header == table.header)
        #expect(fromCSV.rows[0] == table.rows[0])
    }

    @Test func aCellLongerThanExcelAllowsIsCutInTheWorkbookOnly() throws {
        let long = String(repeating: "长", count: 40_000)
        let results = BatchResults(table: TextTable(header: ["prompt"], rows: [["a"]]),
                                   outcomes: [BatchRowOutcome(status: .success, output: .string(long))])
        let workbook = try TableReader().table(fileName: "r.xlsx", bytes: results.xlsx())
        #expect(workbook.rows[0][2].hasPrefix(String(repeating: "长", count: 32_000) + " … [cut"))
        #expect(workbook.rows[0][2].utf16.count <= 32_767)
        let csv = try TableReader().table(fileName: "r.csv", bytes: results.csv())
        #expect(csv.rows[0][2] == long)
    }

    @Test func theJSONLinesHaveEachRowsNumberCellsAndRecord() throws {
        let lines = String(decoding: BatchResults(table: Self.table, outcomes: Self.outcomes).jsonLines(), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines[4].isEmpty)
        let first = try JSONParser().parse(String(lines[0]))
        #expect(first == Self.json(#"{"row": 2, "status": "success", "input": {"序号": "1", "prompt": "a cat", "code": "007"}, "record": {"status": "success", "output": {"title": "猫"}}}"#))
        let second = try JSONParser().parse(String(lines[1]))
        #expect(second["row"] == .integer(3))
        #expect(second["record"] == .null)
        let last = try JSONParser().parse(String(lines[3]))
        #expect(last["status"] == .string(""))
    }

    @Test(.enabled(if: BatchPython.available, Comment(rawValue: BatchPython.missing)))
    func theFailedRowsGoToATableWithTheInputsColumnsThatCanBeDroppedBack() throws {
        let results = BatchResults(table: Self.table, outcomes: Self.outcomes)
        #expect(results.failedRows == [1])
        let bytes = try #require(results.failedCSV())
        let read = try BatchPython.csv(bytes)
        #expect(read.bom)
        #expect(read.records == [["序号", "prompt", "code"], ["2", "a \"dog\", big", "008"]])
        let droppedBack = try TableReader().table(fileName: "orders.failed.csv", bytes: bytes)
        #expect(droppedBack.header == Self.table.header)
        #expect(droppedBack.rows == [Self.table.rows[1]])
    }

    @Test func everyRowNotSucceededIsInTheFailedTableAndNoneMeansNoTable() {
        let table = TextTable(header: ["prompt"], rows: [["a"], ["b"], ["c"], ["d"]])
        let results = BatchResults(table: table, outcomes: [
            BatchRowOutcome(status: .needsInput), BatchRowOutcome(status: .success), BatchRowOutcome(status: .skipped), nil,
        ])
        #expect(results.failedRows == [0, 2])
        #expect(BatchResults(table: table, outcomes: [BatchRowOutcome(status: .success)]).failedCSV() == nil)
    }

    @Test(arguments: [
        ("orders.xlsx", "orders.results.csv", "orders.failed.csv", "orders.progress.txt"),
        ("2024.11 名单.csv", "2024.11 名单.results.csv", "2024.11 名单.failed.csv", "2024.11 名单.progress.txt"),
        ("noext", "noext.results.csv", "noext.failed.csv", "noext.progress.txt"),
        (".hidden", ".hidden.results.csv", ".hidden.failed.csv", ".hidden.progress.txt"),
    ])
    func theBatchsFilesAreNamedAfterTheTablesStem(table: String, results: String, failed: String, progress: String) {
        let names = BatchFileNames(table: table)
        #expect(names.resultsCSV == results)
        #expect(names.failedCSV == failed)
        #expect(names.progressText == progress)
        #expect(names.resultsXLSX == results.replacingOccurrences(of: ".csv", with: ".xlsx"))
        #expect(names.resultsJSONLines == results.replacingOccurrences(of: ".csv", with: ".jsonl"))
    }
}
