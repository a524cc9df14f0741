import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import HotFolders
import WorkflowJobs

/// `coze-drop init --workflow ID [--name NAME]`: a workflow folder made from what Coze says about
/// the workflow, for people who drop photos, texts and tables instead of writing JSON.
extension InitCommand {
    /// The checked `--workflow` id (with `--name` checked too); `nil` without `--workflow`.
    func workflowArguments() throws(UsageError) -> String? {
        let arguments = input.arguments
        guard let workflowID = arguments.value("--workflow") else {
            if arguments.value("--name") != nil { throw UsageError("`--name` names a workflow folder; add --workflow ID") }
            return nil
        }
        guard !workflowID.isEmpty, workflowID.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw UsageError("`--workflow` must be the workflow id, only digits (the number after workflow_id= in the workflow's address in Coze); got `\(workflowID)`")
        }
        if let name = arguments.value("--name") {
            let safe = FolderName.safe(name, workflowID: workflowID)
            guard safe == name else {
                throw UsageError("`--name \(name)` cannot be a folder name on Windows and shared folders (no \\ / : * ? \" < > |, no leading dot, no trailing dot or space, not CON/PRN/AUX/NUL/COM1-9/LPT1-9, at most \(FolderName.maximumBytes) bytes); try --name \"\(safe)\"")
            }
        }
        return workflowID
    }

    /// Asks Coze for the workflow and writes `inbox/<NAME>/` with its three files.
    func makeWorkflowFolder(_ workflowID: String, root: String, connection: ConnectionSettings, language l: Language) async -> Int32 {
        let console = input.console
        if let simulator = connection.simulator {
            simulator.service.registerSampleWorkflowIfUnknown(workflowID)
            console.print(l.pick(en: "(simulated: the built-in simulator, not Coze)", zh: "（模拟：内置模拟器，而不是 Coze）"))
        }
        let client = connection.client(URLSessionTransport())
        let info: WorkflowInfo
        do {
            info = try await client.workflowInfo(workflowID: workflowID)
        } catch {
            let message = error.messageNamingFlags(in: l)
            console.error("coze-drop: " + l.pick(en: "cannot read workflow \(workflowID): \(message); nothing was made for it.",
                                                 zh: "无法读取工作流 \(workflowID)：\(message)；没有为它创建任何东西。"))
            if client.service == .studio {
                console.error(l.pick(en: "(Coze Studio answers this only for chatflows.)", zh: "（Coze Studio 只对对话流回答这个请求。）"))
            }
            return ExitCode.failure
        }
        let name = input.arguments.value("--name") ?? FolderName.safe(info.name, workflowID: workflowID)
        let template = WorkflowFolderTemplate(info: info, folderName: name)
        let folder = "\(root)/inbox/\(name)"
        let fileSystem = LocalFileSystem()
        var made: [String] = []
        do {
            try fileSystem.createDirectory(folder)
            do {
                try fileSystem.writeNewFile(template.settings.bytes, to: "\(folder)/\(HotFolders.settingsFileName)", permissions: 0o644)
                made.append(HotFolders.settingsFileName)
            } catch where error.code == .exists {
                console.error("coze-drop: " + l.pick(
                    en: "inbox/\(name)/\(HotFolders.settingsFileName) already exists and was left as it is. To make it again, delete or rename it first; for another folder for the same workflow, add --name OTHER.",
                    zh: "inbox/\(name)/\(HotFolders.settingsFileName) 已经存在，保持原样未改动。如需重新生成，请先删除或改名；如需为同一工作流再建一个文件夹，请加上 --name 其他名称。"))
                return ExitCode.failure
            }
            for (file, bytes) in [(WorkflowFolderTemplate.readmeFileName, Array(template.readme.utf8)),
                                  (WorkflowFolderTemplate.sampleTableFileName, template.sampleTable)] {
                do {
                    try fileSystem.writeNewFile(bytes, to: "\(folder)/\(file)", permissions: 0o644)
                    made.append(file)
                } catch where error.code == .exists {
                    continue
                }
            }
        } catch {
            console.error("coze-drop: " + l.pick(en: "cannot make \(folder): \(error.reason)", zh: "无法创建 \(folder)：\(error.reason)"))
            return ExitCode.failure
        }
        for line in Self.workflowFolderGuide(template, made: made, root: root, language: l) { console.print(line) }
        return ExitCode.success
    }

    /// What was made and what to drop there, for a person.
    static func workflowFolderGuide(_ template: WorkflowFolderTemplate, made: [String], root: String, language l: Language) -> [String] {
        let name = template.folderName
        let settings = template.settings
        let title = template.info.name.isEmpty ? template.info.workflowID : "\(template.info.name) (\(template.info.workflowID))"
        var lines = [l.pick(en: "Made inbox/\(name)/ for workflow \(title): \(made.joined(separator: ", ")).",
                            zh: "已为工作流 \(title) 创建 inbox/\(name)/：\(made.joined(separator: "、"))。")]
        lines.append(l.pick(en: "Drop into inbox/\(name)/:", zh: "放进 inbox/\(name)/ 的东西："))
        func role(_ chosen: String?, _ key: String, _ candidates: [WorkflowInput], en: String, zh: String) {
            if let chosen {
                lines.append(l.pick(en: "  \(en) given as `\(chosen)`", zh: "  \(zh)作为 `\(chosen)`"))
            } else if !candidates.isEmpty {
                let names = candidates.map(\.name)
                lines.append(l.pick(en: "  \(en): first set \"\(key)\" in workflow.json to one of \(names.joined(separator: ", "))",
                                    zh: "  \(zh)：请先在 workflow.json 中把 \"\(key)\" 设为 \(names.joined(separator: "、")) 之一"))
            }
        }
        role(settings.fileParameter, "file_parameter", template.fileInputs, en: "a photo or another file: one run each, the file", zh: "一张照片或其他文件：每个运行一次，文件")
        role(settings.textParameter, "text_parameter", template.textInputs, en: "a .txt or .md file: one run each, its text", zh: "一个 .txt 或 .md 文件：每个运行一次，其中文字")
        let header = template.info.inputs.map(\.name).joined(separator: ", ")
        lines.append(l.pick(en: "  a table (.csv, .tsv, .jsonl, .xlsx): one run per row, header row: \(header) (copy \(WorkflowFolderTemplate.sampleTableFileName))",
                            zh: "  一个表格（.csv、.tsv、.jsonl、.xlsx）：每行运行一次，第一行：\(header)（可复制 \(WorkflowFolderTemplate.sampleTableFileName)）"))
        lines.append(l.pick(en: "Results appear in outbox/\(name)/ and failed/\(name)/. README.txt there says more.",
                            zh: "结果出现在 outbox/\(name)/ 和 failed/\(name)/。那里的 README.txt 有更多说明。"))
        lines.append(l.pick(en: "Next: run `coze-drop watch --root \(root)`, or drop a table with `coze-drop submit TABLE --root \(root) --folder \(name) --wait`.",
                            zh: "下一步：运行 `coze-drop watch --root \(root)`，或用 `coze-drop submit 表格 --root \(root) --folder \(name) --wait` 放入表格。"))
        return lines
    }
}
