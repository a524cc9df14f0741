import CozeAPI
import OrderedJSON
import Spreadsheets
import WorkflowJobs

/// What `coze-drop init --workflow ID` puts into `inbox/<NAME>/`, made from what Coze says about
/// the workflow: the settings (`workflow.json`), a `README.txt` in Chinese and English, and a
/// table to copy (`template.csv.sample`, a header row of the input names).
public struct WorkflowFolderTemplate: Sendable {
    public static let readmeFileName = "README.txt"
    public static let sampleTableFileName = "template.csv.sample"

    public let info: WorkflowInfo
    /// The folder's name under `inbox/` (and `outbox/`, `failed/`).
    public let folderName: String

    public init(info: WorkflowInfo, folderName: String) {
        self.info = info
        self.folderName = folderName
    }

    /// The inputs a dropped file can fill: Coze's file types (`image`, `file`, `doc`, `audio`…).
    public var fileInputs: [WorkflowInput] { info.inputs.filter(\.isFile) }
    /// The inputs a dropped text can fill.
    public var textInputs: [WorkflowInput] { info.inputs.filter { $0.type == "string" } }

    /// `workflow.json`: the workflow, `sync`, no fixed parameters; the file input and the text
    /// input when there is exactly one of each (otherwise null, and the README says which to set).
    public var settings: WorkflowFolderSettings {
        WorkflowFolderSettings(workflowID: info.workflowID, mode: .sync, parameters: [],
                               fileParameter: fileInputs.count == 1 ? fileInputs[0].name : nil,
                               textParameter: textInputs.count == 1 ? textInputs[0].name : nil)
    }

    /// `template.csv.sample`: the input names as a header row, UTF-8 with a byte-order mark, CRLF
    /// (Excel opens it with Chinese intact).
    public var sampleTable: [UInt8] {
        CSVWriter(byteOrderMark: true).bytes(header: info.inputs.map(\.name), rows: [])
    }

    /// `README.txt`: what the workflow does, its inputs, what to drop, where results appear; in
    /// Chinese, then in English.
    public var readme: String {
        readme(in: .zh) + "\n" + String(repeating: "-", count: 60) + "\n\n" + readme(in: .en)
    }

    func readme(in l: Language) -> String {
        let settings = settings
        let title = info.name.isEmpty ? l.pick(en: "workflow \(info.workflowID)", zh: "工作流 \(info.workflowID)") : "\(info.name) (\(info.workflowID))"
        var lines = [l.pick(en: "Workflow folder: \(title)", zh: "工作流文件夹：\(title)")]
        lines.append(String(repeating: "=", count: 40))
        lines.append(info.description.isEmpty ? l.pick(en: "(Coze gives no description of this workflow.)", zh: "（Coze 没有提供这个工作流的说明。）")
                                              : l.pick(en: "What it does: \(info.description)", zh: "作用：\(info.description)"))
        lines.append("")
        lines.append(l.pick(en: "Inputs:", zh: "输入参数："))
        if info.inputs.isEmpty {
            lines.append(info.hasInputs ? l.pick(en: "  none", zh: "  无") : l.pick(en: "  not given by Coze", zh: "  Coze 没有提供"))
        }
        for input in info.inputs {
            let required = input.required ? l.pick(en: "required", zh: "必填") : l.pick(en: "optional", zh: "可选")
            let about = input.description.isEmpty ? "" : l.pick(en: " — \(input.description)", zh: "：\(input.description)")
            lines.append(l.pick(en: "  \(input.name) (\(input.typeDescription.isEmpty ? "?" : input.typeDescription), \(required))\(about)",
                                zh: "  \(input.name)（\(input.typeDescription.isEmpty ? "?" : input.typeDescription)，\(required)）\(about)"))
        }
        lines.append("")
        lines.append(l.pick(en: "What to drop into this folder (inbox/\(folderName)/):", zh: "可以放进这个文件夹（inbox/\(folderName)/）的东西："))
        lines.append(role(settings.fileParameter, key: "file_parameter", candidates: fileInputs,
                          en: "a photo or another file: one run, the file goes to", zh: "一张照片或其他文件：运行一次，文件交给", l))
        lines.append(role(settings.textParameter, key: "text_parameter", candidates: textInputs,
                          en: "a .txt or .md file: one run, its text goes to", zh: "一个 .txt 或 .md 文件：运行一次，其中的文字交给", l))
        lines.append(role(settings.folderParameter, key: "folder_parameter", candidates: info.inputs.filter { $0.type == "array" },
                          en: "a sub-folder: one run, its files go to", zh: "一个子文件夹：运行一次，其中的文件交给", l))
        lines.append(l.pick(
            en: "- a table (.csv, .tsv, .jsonl or .xlsx): one run per row; the header row holds the input names.\n  Copy \(Self.sampleTableFileName) to e.g. list.csv, fill in one row per run, and drop it here.\n  Files a row names (for file_parameter) go into files/ here first.",
            zh: "- 一个表格（.csv、.tsv、.jsonl 或 .xlsx）：每行运行一次；第一行是输入参数名。\n  把 \(Self.sampleTableFileName) 复制为例如 list.csv，每行填一次运行的内容，再放到这里。\n  表格中引用的文件（用于 file_parameter）要先放进这里的 files/ 文件夹。"))
        lines.append("")
        lines.append(l.pick(
            en: "Fixed values for every run go into \"parameters\" in \(HotFolders.settingsFileName), e.g. \"parameters\": {\"style\": \"warm\"}.",
            zh: "每次运行都相同的值写在 \(HotFolders.settingsFileName) 的 \"parameters\" 中，例如 \"parameters\": {\"style\": \"warm\"}。"))
        lines.append(l.pick(
            en: "Results appear in outbox/\(folderName)/ (success) and failed/\(folderName)/ (with what to do).",
            zh: "结果出现在 outbox/\(folderName)/（成功）和 failed/\(folderName)/（附带处理方法）。"))
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private func role(_ chosen: String?, key: String, candidates: [WorkflowInput], en: String, zh: String, _ l: Language) -> String {
        if let chosen { return l.pick(en: "- \(en) `\(chosen)` (\(key)).", zh: "- \(zh) `\(chosen)`（\(key)）。") }
        if candidates.isEmpty {
            return l.pick(en: "- \(en) … nothing yet: set \"\(key)\" in \(HotFolders.settingsFileName) to the input's name to use this.",
                          zh: "- \(zh)……目前没有：如需使用，请在 \(HotFolders.settingsFileName) 中把 \"\(key)\" 设为输入参数名。")
        }
        let names = candidates.map { "\"\($0.name)\"" }
        return l.pick(en: "- \(en) … not set: write one of \(names.joined(separator: ", ")) as \"\(key)\" in \(HotFolders.settingsFileName).",
                      zh: "- \(zh)……尚未设置：请在 \(HotFolders.settingsFileName) 中把 \"\(key)\" 设为 \(names.joined(separator: "、")) 之一。")
    }
}
