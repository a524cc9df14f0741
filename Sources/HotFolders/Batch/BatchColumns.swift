import CozeAPI
import Foundation
import OrderedJSON
import WorkflowJobs

/// How a table's columns map to a workflow's inputs: which are parameters (and of which input),
/// which are carried through. Refuses a table whose columns look mistyped or leave a required
/// input without a value.
struct BatchColumns {
    struct Column {
        var position: Int
        var name: String
        /// The input the column feeds; `nil` for a string parameter of unknown type.
        var input: WorkflowInput?
    }

    /// The column that carries simulator behaviours (`SimulatedBehaviour`), a parameter always.
    static let simulateColumn = "_simulate"
    static let simulateInput = WorkflowInput(name: simulateColumn, type: "object")

    var parameters: [Column] = []
    var carried: [Column] = []

    init(header: [String], inputs: [WorkflowInput], fixed: [JSONMember]) throws(BatchProblem) {
        guard !inputs.isEmpty else {
            parameters = header.enumerated().map { Column(position: $0.offset, name: $0.element, input: $0.element == Self.simulateColumn ? Self.simulateInput : nil) }
            return
        }
        let names = inputs.map(\.name)
        let uncovered = names.filter { !header.contains($0) }
        var typos: [(column: String, input: String)] = []
        for (position, name) in header.enumerated() {
            if let input = inputs.first(where: { $0.name == name }) {
                parameters.append(Column(position: position, name: name, input: input))
            } else if name == Self.simulateColumn {
                parameters.append(Column(position: position, name: name, input: Self.simulateInput))
            } else if let guess = Self.misspelling(name, among: uncovered) {
                typos.append((name, guess))
            } else {
                carried.append(Column(position: position, name: name, input: nil))
            }
        }
        if !typos.isEmpty {
            let inputsEN = BatchPlan.listed(names, .en), inputsZH = BatchPlan.listed(names, .zh)
            let en = typos.map { "Column `\($0.column)` is not an input of the workflow — did you mean `\($0.input)`?" }.joined(separator: " ")
            let zh = typos.map { "`\($0.column)` 列不是工作流的输入参数——你是不是想写 `\($0.input)`？" }.joined()
            throw BatchProblem(.misspelledColumn,
                en: "\(en) Nothing was run. Rename the column in the header row (the workflow's inputs are \(inputsEN)); a column kept only as a note needs a name unlike any input. Then drop the table again.",
                zh: "\(zh)没有运行任何一行。请在表头改正列名（工作流的输入参数有 \(inputsZH)）；只作备注的列请起一个与输入参数都不相像的名字。然后重新放入表格。",
                column: typos[0].column)
        }
        let fixedNames = Set(fixed.map(\.key))
        let missing = inputs.filter { $0.required && $0.defaultValue == nil && !header.contains($0.name) && !fixedNames.contains($0.name) }
        if !missing.isEmpty {
            let en = missing.map { "`\($0.name)` (\($0.typeDescription)\($0.description.isEmpty ? "" : ": \($0.description)"))" }.joined(separator: ", ")
            let zh = missing.map { "`\($0.name)`（\($0.typeDescription)\($0.description.isEmpty ? "" : "：\($0.description)")）" }.joined(separator: "、")
            let plural = missing.count > 1
            throw BatchProblem(.missingInput,
                en: "The workflow requires the input\(plural ? "s" : "") \(en), but the table has no such column and workflow.json's `parameters` gives no value. Nothing was run. Add \(plural ? "a column for each" : "a column named `\(missing[0].name)`") (or a fixed value in workflow.json), then drop the table again.",
                zh: "工作流必须有输入参数 \(zh)，但表格里没有这一列，workflow.json 的 `parameters` 里也没有给值。没有运行任何一行。请\(plural ? "为每个参数加一列" : "加一列 `\(missing[0].name)`")（或在 workflow.json 里写固定值），然后重新放入表格。",
                column: missing[0].name)
        }
    }

    /// The input a column's name was meant to be: the same name in other case, or a near spelling
    /// (`FieldSuggestion`) of a name of three or more characters (two-character names, common in
    /// Chinese, differ by one character without being typos: 备注 and 备用).
    static func misspelling(_ name: String, among names: [String]) -> String? {
        if let same = names.first(where: { $0.lowercased() == name.lowercased() }) { return same }
        let candidates = names.filter { $0.count >= 3 }
        guard let lowered = FieldSuggestion.closest(to: name, among: candidates.map { $0.lowercased() }) else { return nil }
        return candidates.first { $0.lowercased() == lowered }
    }

    /// The plan of one row.
    func row(index: Int, number: Int, cells: [String], fixed: [JSONMember]) -> BatchPlan.Row {
        var members = fixed
        var files: [BatchPlan.FileCell] = []
        var problems: [BatchProblem] = []
        for column in parameters {
            let cell = column.position < cells.count ? cells[column.position] : ""
            guard !cell.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                if let input = column.input, input.required, input.defaultValue == nil, !fixed.contains(where: { $0.key == input.name }) {
                    let place = CellTyping.Place(row: number, column: column.name)
                    problems.append(place.problem(.emptyRequiredCell,
                        en: "the workflow requires `\(input.name)`, but the cell is empty. Fill it in (rows that failed are in the .failed.csv table next to the results: correct them there and drop that table again).",
                        zh: "工作流必须有 `\(input.name)`，但这个单元格是空的。请填上（失败的行在结果旁边的 .failed.csv 表格里：在那里改好后重新放入）。"))
                }
                continue
            }
            let typed: Result<TypedCell, BatchProblem>
            if let input = column.input {
                typed = CellTyping.value(of: cell, for: input, row: number)
            } else {
                typed = .success(TypedCell(value: .string(cell)))
            }
            switch typed {
            case .success(let value):
                if let existing = members.firstIndex(where: { $0.key == column.name }) {
                    members[existing].value = value.value
                } else {
                    members.append(JSONMember(key: column.name, value: value.value))
                }
                files += value.files.map { BatchPlan.FileCell(parameter: column.name, fileName: $0) }
            case .failure(let problem):
                problems.append(problem)
            }
        }
        let carriedCells = carried.map { JSONMember(key: $0.name, value: .string($0.position < cells.count ? cells[$0.position] : "")) }
        return BatchPlan.Row(index: index, number: number, parameters: .object(members), files: files, carried: carriedCells, problems: problems)
    }
}
