import CozeAPI
import HotFolders
import OrderedJSON
import Spreadsheets
import Testing
import WorkflowJobs

@Suite struct BatchPlanTests {
    static let inputs = [
        WorkflowInput(name: "image", type: "image", required: true),
        WorkflowInput(name: "prompt", type: "string", required: true, description: "what to draw"),
        WorkflowInput(name: "count", type: "integer"),
        WorkflowInput(name: "style", type: "string"),
    ]

    func json(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    @Test func inputColumnsAreParametersAndOtherColumnsAreCarriedThrough() throws {
        let table = TextTable(header: ["序号", "image", "prompt", "count", "备注"],
                              rows: [["1", "cat.jpg", "a cat", "2", "first"], ["2", "https://example.com/dog.png", "a dog", "", ""]])
        let plan = try BatchPlan(table: table, inputs: Self.inputs)
        #expect(plan.parameterColumns == ["image", "prompt", "count"])
        #expect(plan.carriedColumns == ["序号", "备注"])
        #expect(plan.inputsKnown)
        #expect(plan.rows.map(\.number) == [2, 3])
        #expect(plan.rows[0].parameters == (try json(#"{"image": {"$file": "cat.jpg"}, "prompt": "a cat", "count": 2}"#)))
        #expect(plan.rows[0].files == [BatchPlan.FileCell(parameter: "image", fileName: "cat.jpg")])
        #expect(plan.rows[0].carried == [JSONMember(key: "序号", value: .string("1")), JSONMember(key: "备注", value: .string("first"))])
        // The empty optional `count` is left out.
        #expect(plan.rows[1].parameters == (try json(#"{"image": "https://example.com/dog.png", "prompt": "a dog"}"#)))
        #expect(plan.rows[1].files.isEmpty)
        #expect(plan.rows.allSatisfy { $0.runs })
    }

    @Test func fixedParametersComeFirstAndTheRowsCellsOverrideThem() throws {
        let table = TextTable(header: ["prompt", "style", "image"], rows: [["a cat", "ink", "cat.jpg"], ["a dog", "", "dog.jpg"]])
        let fixed = try json(#"{"style": "photo", "count": 4, "_simulate": {"delay_ms": 5}}"#)
        let plan = try BatchPlan(table: table, inputs: Self.inputs, fixedParameters: fixed)
        #expect(plan.rows[0].parameters == (try json(#"{"style": "ink", "count": 4, "_simulate": {"delay_ms": 5}, "prompt": "a cat", "image": {"$file": "cat.jpg"}}"#)))
        // An empty cell keeps the fixed value.
        #expect(plan.rows[1].parameters == (try json(#"{"style": "photo", "count": 4, "_simulate": {"delay_ms": 5}, "prompt": "a dog", "image": {"$file": "dog.jpg"}}"#)))
    }

    @Test(arguments: [("imgae", "image"), ("Image", "image"), ("promt", "prompt"), ("COUNT", "count")])
    func aColumnLikeAMistypedInputRefusesTheWholeBatch(column: String, meant: String) throws {
        let header = ["image", "prompt"].filter { $0 != meant } + [column]
        let table = TextTable(header: header, rows: [header.map { _ in "x" }])
        let problem = try #require(throws: BatchProblem.self) { try BatchPlan(table: table, inputs: Self.inputs) }
        #expect(problem.code == .misspelledColumn && problem.refusesBatch && problem.column == column)
        #expect(problem.english.contains("Column `\(column)` is not an input of the workflow — did you mean `\(meant)`?"))
        #expect(problem.english.contains("Nothing was run."))
        #expect(problem.chinese.contains("`\(column)` 列不是工作流的输入参数——你是不是想写 `\(meant)`？"))
    }

    @Test func everyMistypedColumnIsNamedAtOnce() throws {
        let table = TextTable(header: ["imgae", "promt"], rows: [["a.jpg", "x"]])
        let problem = try #require(throws: BatchProblem.self) { try BatchPlan(table: table, inputs: Self.inputs) }
        #expect(problem.english == "Column `imgae` is not an input of the workflow — did you mean `image`? Column `promt` is not an input of the workflow — did you mean `prompt`? Nothing was run. Rename the column in the header row (the workflow's inputs are `image`, `prompt`, `count`, `style`); a column kept only as a note needs a name unlike any input. Then drop the table again.")
    }

    @Test(arguments: ["备注", "序号", "notes", "id", "remark"])
    func aNoteColumnUnlikeAnyInputIsCarriedThrough(column: String) throws {
        let inputs = Self.inputs + [WorkflowInput(name: "备用", type: "string"), WorkflowInput(name: "index", type: "string")]
        let table = TextTable(header: ["image", "prompt", column], rows: [["a.jpg", "x", "note"]])
        let plan = try BatchPlan(table: table, inputs: inputs)
        #expect(plan.carriedColumns == [column])
    }

    @Test func aColumnNearAnInputThatHasItsOwnColumnIsCarriedThrough() throws {
        let table = TextTable(header: ["image", "prompt", "prompts"], rows: [["a.jpg", "x", "y"]])
        #expect(try BatchPlan(table: table, inputs: Self.inputs).carriedColumns == ["prompts"])
    }

    @Test func aRequiredInputWithNeitherColumnNorFixedValueRefusesTheBatch() throws {
        let table = TextTable(header: ["image", "备注"], rows: [["a.jpg", ""]])
        let problem = try #require(throws: BatchProblem.self) { try BatchPlan(table: table, inputs: Self.inputs) }
        #expect(problem.code == .missingInput)
        #expect(problem.column == "prompt")
        #expect(problem.english == "The workflow requires the input `prompt` (string: what to draw), but the table has no such column and workflow.json's `parameters` gives no value. Nothing was run. Add a column named `prompt` (or a fixed value in workflow.json), then drop the table again.")
        #expect(problem.chinese.contains("`prompt`（string：what to draw）"))
    }

    @Test func aRequiredInputIsSatisfiedByAFixedValueOrADefault() throws {
        let table = TextTable(header: ["image"], rows: [["a.jpg"]])
        _ = try BatchPlan(table: table, inputs: Self.inputs, fixedParameters: try json(#"{"prompt": "same for all"}"#))
        var inputs = Self.inputs
        inputs[1].defaultValue = "a default"
        _ = try BatchPlan(table: table, inputs: inputs)
    }

    @Test func anEmptyRequiredCellFailsThatRowOnly() throws {
        let table = TextTable(header: ["image", "prompt"], rows: [["a.jpg", "x"], ["b.jpg", "  "], ["c.jpg", "z"]], rowNumbers: [2, 4, 7])
        let plan = try BatchPlan(table: table, inputs: Self.inputs)
        #expect(plan.rows.map(\.runs) == [true, false, true])
        #expect(plan.runningRows.map(\.number) == [2, 7])
        #expect(plan.failedRows.map(\.index) == [1])
        let problem = try #require(plan.rows[1].problems.first)
        #expect(problem.code == .emptyRequiredCell && !problem.refusesBatch)
        #expect(problem.row == 4 && problem.column == "prompt")
        #expect(plan.rows[1].failure(.en)?.hasPrefix("Row 4, column `prompt`: the workflow requires `prompt`, but the cell is empty. Fill it in") == true)
        #expect(plan.rows[1].failure(.zh)?.hasPrefix("第 4 行 `prompt` 列：工作流必须有 `prompt`，但这个单元格是空的。") == true)
        #expect(plan.rows[0].failure(.en) == nil)
    }

    @Test func aCellOfTheWrongTypeFailsThatRowOnlyNamingEveryBadCell() throws {
        let inputs = Self.inputs + [WorkflowInput(name: "sharp", type: "boolean")]
        let table = TextTable(header: ["image", "prompt", "count", "sharp"],
                              rows: [["a.jpg", "x", "1,234", "maybe"], ["b.jpg", "y", "3", "是"]])
        let plan = try BatchPlan(table: table, inputs: inputs)
        #expect(plan.rows[0].problems.map(\.column) == ["count", "sharp"])
        #expect(plan.rows[0].problems.map(\.row) == [2, 2])
        #expect(plan.rows[1].parameters == (try json(#"{"image": {"$file": "b.jpg"}, "prompt": "y", "count": 3, "sharp": true}"#)))
    }

    @Test func withoutTheWorkflowsInputsEveryColumnIsAStringParameter() throws {
        let table = TextTable(header: ["序号", "code", "note"], rows: [["1", "007", ""]])
        let plan = try BatchPlan(table: table, inputs: [])
        #expect(!plan.inputsKnown)
        #expect(plan.parameterColumns == ["序号", "code", "note"])
        #expect(plan.carriedColumns.isEmpty)
        #expect(plan.rows[0].parameters == (try json(#"{"序号": "1", "code": "007"}"#)))
    }

    @Test func theWorkflowsInfoGivesTheInputsWhenItHasThem() throws {
        let table = TextTable(header: ["prompt", "备注"], rows: [["x", "y"]])
        let known = try BatchPlan(table: table, info: WorkflowInfo(workflowID: "1", inputs: [WorkflowInput(name: "prompt", type: "string")]))
        #expect(known.carriedColumns == ["备注"])
        for info in [nil, WorkflowInfo(workflowID: "1", hasInputs: false)] {
            #expect(try BatchPlan(table: table, info: info).parameterColumns == ["prompt", "备注"])
        }
    }

    @Test func aSimulateColumnIsAlwaysAnObjectParameter() throws {
        let table = TextTable(header: ["image", "prompt", "_simulate"], rows: [["a.jpg", "x", #"{"fail": "boom"}"#], ["a.jpg", "y", "oops"]])
        let plan = try BatchPlan(table: table, inputs: Self.inputs)
        #expect(plan.rows[0].parameters["_simulate"] == (try json(#"{"fail": "boom"}"#)))
        #expect(plan.rows[1].problems.map(\.code) == [.invalidCell])
        let unknown = try BatchPlan(table: table, inputs: [])
        #expect(unknown.rows[0].parameters["_simulate"] == (try json(#"{"fail": "boom"}"#)))
    }

    @Test func eachFileTheRunningRowsNameIsListedOnce() throws {
        let inputs = Self.inputs + [WorkflowInput(name: "more", type: "array", items: WorkflowInputShape(type: "image"))]
        let table = TextTable(header: ["image", "prompt", "more", "count"], rows: [
            ["a.jpg", "x", "b.jpg; a.jpg", ""],
            ["b.jpg", "y", "", ""],
            ["c.jpg", "z", "", "bad"],
        ])
        let plan = try BatchPlan(table: table, inputs: inputs)
        #expect(plan.rows[0].files.map(\.fileName) == ["a.jpg", "b.jpg", "a.jpg"])
        #expect(plan.rows[0].files.map(\.parameter) == ["image", "more", "more"])
        // c.jpg's row fails, so c.jpg is not uploaded.
        #expect(plan.fileNames == ["a.jpg", "b.jpg"])
    }

    @Test func aTableOverTheRowLimitIsRefusedNamingTheLimit() throws {
        let table = TextTable(header: ["prompt"], rows: Array(repeating: ["x"], count: 10_001))
        let problem = try #require(throws: BatchProblem.self) { try BatchPlan(table: table, inputs: []) }
        #expect(problem.code == .tooManyRows)
        #expect(problem.english == "The table has 10,001 rows, more than the 10,000 one batch may have. Split it into tables of at most 10,000 rows and drop them one at a time.")
        #expect(problem.chinese == "表格有 10,001 行，超过了一批最多 10,000 行的限制。请把它拆成每个不超过 10,000 行的表格，逐个放入。")
        _ = try BatchPlan(table: TextTable(header: ["prompt"], rows: Array(repeating: ["x"], count: 10_000)), inputs: [])
    }

    @Test func theRowLimitCanBeSet() throws {
        let table = TextTable(header: ["prompt"], rows: [["a"], ["b"], ["c"]])
        #expect(throws: BatchProblem.self) { try BatchPlan(table: table, inputs: [], limits: BatchLimits(maximumRows: 2)) }
        _ = try BatchPlan(table: table, inputs: [], limits: BatchLimits(maximumRows: 3))
    }

    @Test func aTableWithoutRowsIsRefused() throws {
        let problem = try #require(throws: BatchProblem.self) { try BatchPlan(table: TextTable(header: ["prompt"], rows: []), inputs: []) }
        #expect(problem.code == .noRows)
        #expect(problem.message(.zh).contains("表格只有表头"))
    }

    @Test func aPlannedRowRunsThroughTheUploadersSubstitution() throws {
        // The placeholders are the request files' `{"$file": NAME}`: the agent's uploader fills them in.
        let table = TextTable(header: ["image", "prompt"], rows: [["cat.jpg", "x"]])
        let row = try BatchPlan(table: table, inputs: Self.inputs).rows[0]
        #expect(row.parameters["image"] == TypedCell.filePlaceholder("cat.jpg"))
    }
}

/// A planned row written as a request file is one the request parser and the uploader take as
/// they are: its file placeholders are the request file's own `{"$file": NAME}`.
@Suite struct BatchPlanRequestTests {
    @Test func aRowsParametersMakeARequestWhoseAttachmentsAreTheRowsFiles() throws {
        let inputs = [WorkflowInput(name: "image", type: "image", required: true),
                      WorkflowInput(name: "more", type: "array", items: WorkflowInputShape(type: "image")),
                      WorkflowInput(name: "n", type: "integer")]
        let table = TextTable(header: ["image", "more", "n"], rows: [["cat.jpg", "dog.jpg; https://example.com/x.png", "3"]])
        let row = try BatchPlan(table: table, inputs: inputs).rows[0]
        let document: JSONValue = .object([
            JSONMember(key: "workflow_id", value: .string("7400000000000000001")),
            JSONMember(key: "parameters", value: row.parameters),
        ])
        let request = try RequestFileParser.validate(document)
        #expect(request.attachments == ["cat.jpg", "dog.jpg"])
        let ready = AttachmentUploader.substituting(["cat.jpg": "111", "dog.jpg": "222"], into: request)
        #expect(ready.invocation.parameters == (try JSONParser().parse(#"""
            {"image": "{\"file_id\":\"111\"}", "more": ["{\"file_id\":\"222\"}", "https://example.com/x.png"], "n": 3}
            """#)))
    }
}
