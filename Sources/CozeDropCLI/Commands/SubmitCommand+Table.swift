import CozeAPI
import DropFolder
import Foundation
import HotFolders
import Spreadsheets

/// `coze-drop submit TABLE --folder NAME`: a table dropped into a workflow folder safely: checked
/// first, the files it names copied into `inbox/<NAME>/files/` before it, then the table itself
/// under a hidden name renamed (never replacing) to a name no earlier batch of that folder used.
extension SubmitCommand {
    /// The largest table `submit` reads (an .xlsx of 100,000 rows is far smaller).
    static let maximumTableBytes = 256 << 20

    func submitTable(_ file: String, folder: String, root: String, timeout: Duration, language l: Language) async throws(UsageError) -> Int32 {
        let console = input.console
        guard !folder.isEmpty, FolderName.safe(folder) == folder else {
            throw UsageError(l.pick(en: "`--folder` must be the name of a workflow folder in \(root)/inbox/ (as `coze-drop init --workflow` made it); got `\(folder)`",
                                    zh: "`--folder` 必须是 \(root)/inbox/ 中某个工作流文件夹的名称（由 `coze-drop init --workflow` 创建）；收到的是 `\(folder)`"))
        }
        let inbox = "\(root)/inbox/\(folder)"
        let fileSystem = LocalFileSystem()
        guard let settingsBytes = try? fileSystem.readFile("\(inbox)/\(HotFolders.settingsFileName)", limit: 1 << 20) else {
            throw UsageError(l.pick(
                en: "\(inbox)/ has no readable \(HotFolders.settingsFileName); make the workflow folder first with `coze-drop init \(root) --workflow ID --name \(folder)`",
                zh: "\(inbox)/ 中没有可读的 \(HotFolders.settingsFileName)；请先用 `coze-drop init \(root) --workflow ID --name \(folder)` 创建工作流文件夹"))
        }
        let settings: WorkflowFolderSettings
        do {
            settings = try WorkflowFolderSettings.parse(bytes: settingsBytes, language: l)
        } catch {
            console.error(l.pick(en: "coze-drop: \(inbox)/\(HotFolders.settingsFileName) has problems; nothing was dropped:",
                                 zh: "coze-drop：\(inbox)/\(HotFolders.settingsFileName) 有问题，没有放入任何东西："))
            for line in error.problems { console.error("  - \(line)") }
            return ExitCode.usage
        }
        let tableName = (file as NSString).lastPathComponent
        let table: TextTable
        do {
            let bytes = try fileSystem.readFile(file, limit: Self.maximumTableBytes)
            table = try TableReader().table(fileName: tableName, bytes: bytes)
        } catch let error as SpreadsheetError {
            console.error(l.pick(en: "coze-drop: \(file) cannot be read as a table; nothing was dropped: \(error.message)",
                                 zh: "coze-drop：无法把 \(file) 读成表格，没有放入任何东西：\(error.message)"))
            return ExitCode.usage
        } catch {
            throw UsageError(l.pick(en: "cannot read \(file): \(error)", zh: "无法读取 \(file)：\(error)"))
        }

        // The files it names, checked before anything is dropped.
        let tableFolder = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
        let filesFolder = "\(inbox)/files"
        let nextToTable = Set(((try? fileSystem.namesInDirectory(tableFolder)) ?? []).filter { name in
            name != tableName && !name.hasPrefix(".") && ((try? fileSystem.attributes(of: "\(tableFolder)/\(name)")) ?? nil)?.kind == .regular
        })
        let alreadyInFiles = Set((try? fileSystem.namesInDirectory(filesFolder)) ?? [])
        let attachments = TableAttachments(header: table.header, rows: table.rows, rowNumbers: table.rowNumbers, fileParameter: settings.fileParameter,
                                           nextToTable: nextToTable, alreadyInFiles: alreadyInFiles)
        guard attachments.missing.isEmpty else {
            console.error(l.pick(en: "coze-drop: \(file) names files that are not next to it; nothing was dropped:",
                                 zh: "coze-drop：\(file) 引用的文件不在它旁边，没有放入任何东西："))
            for missing in attachments.missing.prefix(20) {
                console.error(l.pick(en: "  - row \(missing.row), column \(missing.column): \(missing.name) (put it next to \(tableName), or write a web address)",
                                     zh: "  - 第 \(missing.row) 行，\(missing.column) 列：\(missing.name)（请把它放在 \(tableName) 旁边，或写成网址）"))
            }
            if attachments.missing.count > 20 { console.error(l.pick(en: "  … and \(attachments.missing.count - 20) more", zh: "  ……还有 \(attachments.missing.count - 20) 个")) }
            return ExitCode.usage
        }
        if !attachments.files.isEmpty {
            try? fileSystem.createDirectory(filesFolder)
            for name in attachments.files {
                try copyAttachment("\(tableFolder)/\(name)", to: "\(filesFolder)/\(name)", name: name, language: l)
            }
        }

        // The table last, under a name no earlier batch of this folder used.
        let dropped = try dropTable(file, as: tableName, into: inbox, folder: folder, root: root, language: l)
        let copied = attachments.files.isEmpty ? "" : l.pick(en: "; the \(attachments.files.count) file(s) it names are in files/", zh: "；它引用的 \(attachments.files.count) 个文件已在 files/ 中")
        console.print(l.pick(en: "dropped: \(inbox)/\(dropped) (\(table.rows.count) rows\(copied))",
                             zh: "已放入：\(inbox)/\(dropped)（\(table.rows.count) 行\(copied)）"))
        guard input.arguments.has("--wait") else { return ExitCode.success }
        return await waitForBatch(BatchWatch(folder: folder, table: dropped), root: root, timeout: timeout, language: l)
    }

    /// A table given without `--folder` would be read as a request and refused as invalid JSON:
    /// say what it needs instead.
    static func refuseTableWithoutFolder(_ file: String, root: String, language l: Language) throws(UsageError) {
        guard TableFormat(fileName: file) != nil else { return }
        throw UsageError(l.pick(en: "\(file) is a table: it goes into a workflow folder, one run per row; add --folder NAME (a folder made with `coze-drop init \(root) --workflow ID`)",
                                zh: "\(file) 是表格：它要放进工作流文件夹，每行运行一次；请加上 --folder 名称（用 `coze-drop init \(root) --workflow ID` 创建的文件夹）"))
    }

    /// Copies one named file into `files/` (hidden name, then a rename that never replaces); one
    /// already there with the same bytes is kept, a different one is an error.
    private func copyAttachment(_ source: String, to target: String, name: String, language l: Language) throws(UsageError) {
        let fileSystem = LocalFileSystem()
        let different = UsageError(l.pick(
            en: "\((target as NSString).deletingLastPathComponent)/ already has a different \(name); rename your file (and its cells in the table), or remove the old one",
            zh: "\((target as NSString).deletingLastPathComponent)/ 中已有另一个不同的 \(name)；请给你的文件改名（并修改表格中对应的单元格），或删除旧文件"))
        if FileManager.default.fileExists(atPath: target) {
            guard FileManager.default.contentsEqual(atPath: source, andPath: target) else { throw different }
            return
        }
        let hidden = "\((target as NSString).deletingLastPathComponent)/.tmp-submit-\(UInt64.random(in: 0...UInt64.max))"
        do {
            try FileManager.default.copyItem(atPath: source, toPath: hidden)
        } catch {
            try? FileManager.default.removeItem(atPath: hidden)
            throw UsageError(l.pick(en: "cannot copy \(name) into \(target) (\(error))", zh: "无法把 \(name) 复制到 \(target)（\(error)）"))
        }
        do {
            try fileSystem.moveWithoutReplacing(from: hidden, to: target)
        } catch {
            try? FileManager.default.removeItem(atPath: hidden)
            // Someone put the same file there a moment ago: fine when it is the same.
            if error.code == .exists, FileManager.default.contentsEqual(atPath: source, andPath: target) { return }
            if error.code == .exists { throw different }
            throw UsageError(l.pick(en: "cannot put \(name) into \(target) (\(error.reason))", zh: "无法把 \(name) 放到 \(target)（\(error.reason)）"))
        }
    }

    /// Copies the table under a hidden name, then renames it to the first free name; returns it.
    private func dropTable(_ file: String, as tableName: String, into inbox: String, folder: String, root: String, language l: Language) throws(UsageError) -> String {
        let fileSystem = LocalFileSystem()
        let hidden = "\(inbox)/.tmp-submit-\(UInt64.random(in: 0...UInt64.max))"
        do {
            try FileManager.default.copyItem(atPath: file, toPath: hidden)
        } catch {
            try? FileManager.default.removeItem(atPath: hidden)
            throw UsageError(l.pick(en: "cannot copy \(file) into \(inbox) (\(error))", zh: "无法把 \(file) 复制到 \(inbox)（\(error)）"))
        }
        for _ in 0..<100 {
            var taken: Set<String> = []
            for place in ["inbox", "outbox", "failed"] {
                taken.formUnion((try? fileSystem.namesInDirectory("\(root)/\(place)/\(folder)")) ?? [])
            }
            let name = BatchTableName.free(tableName, taken: taken)
            do {
                try fileSystem.moveWithoutReplacing(from: hidden, to: "\(inbox)/\(name)")
                return name
            } catch where error.code == .exists {
                continue
            } catch {
                try? FileManager.default.removeItem(atPath: hidden)
                throw UsageError(l.pick(en: "cannot drop \(file) into \(inbox) (\(error.reason))", zh: "无法把 \(file) 放入 \(inbox)（\(error.reason)）"))
            }
        }
        try? FileManager.default.removeItem(atPath: hidden)
        throw UsageError(l.pick(en: "cannot find a free name for \(tableName) in \(inbox); rename the table", zh: "在 \(inbox) 中找不到 \(tableName) 可用的名称；请给表格改名"))
    }
}
