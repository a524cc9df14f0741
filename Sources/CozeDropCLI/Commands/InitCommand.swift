import CozeAPI
import CozeSimulator
import DropFolder
import Foundation

/// `coze-drop init [DIR]`: makes a folder ready for people to use: the four folders, a README.txt
/// in each, an example request. Never overwrites anything already there. With `--workflow ID`,
/// also a workflow folder `inbox/<NAME>/` (see `InitCommand+Workflow.swift`).
struct InitCommand {
    static let help = """
        coze-drop init — prepare a folder for CozeDrop: inbox/, outbox/, failed/, processing/, a README.txt
        in each (Chinese and English) and inbox/example.json.sample to copy. Nothing there is overwritten.

        Usage: coze-drop init [DIR | --root DIR] [--lang zh|en]
               coze-drop init [DIR | --root DIR] --workflow ID [--name NAME] [--base-url URL] [--token-file PATH] [--simulator] [--service coze|studio]

        With --workflow, also asks Coze for the workflow's name and inputs and makes a workflow folder
        inbox/NAME/ (NAME: --name, else the workflow's name made safe for Windows and shared folders)
        holding workflow.json (which input a dropped file, text or table row fills), README.txt
        (what to drop there, in Chinese and English) and template.csv.sample (a header row of the
        input names). An existing workflow.json is never overwritten.

        Exit status: 0 ready, 1 Coze did not answer with the workflow or workflow.json already
        exists, 2 bad usage or no token.
        """

    let input: CommandInput

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: Set(["--lang", "--root", "--workflow", "--name"]).union(ConnectionSettings.valueFlags),
                                 switchFlags: ["--simulator"], environment: environment, console: console)
    }

    func run() async throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        let arguments = input.arguments
        let console = input.console
        guard arguments.positionals.count <= 1 else { throw UsageError("`init` takes one folder, got \(arguments.positionals.count)") }
        let language = try input.language()
        if let flag = arguments.value("--root"), let positional = arguments.positionals.first, flag != positional {
            throw UsageError("`init` got two folders, \(positional) and --root \(flag); give one")
        }
        let workflowID = try workflowArguments()
        // Token and address are checked before anything is made.
        let connection = try workflowID.map { _ throws(UsageError) in try ConnectionSettings.resolve(arguments, environment: input.environment) }
        defer { connection?.simulator?.stop() }
        let root = arguments.value("--root") ?? arguments.positionals.first ?? FileManager.default.currentDirectoryPath
        let fileSystem = LocalFileSystem()
        var created: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            for (folder, text) in FolderGuide.readmes {
                let path = folder.isEmpty ? root : "\(root)/\(folder)"
                if !FileManager.default.fileExists(atPath: path) {
                    try fileSystem.createDirectory(path)
                    created.append(folder + "/")
                }
                if try create("\(path)/README.txt", text, fileSystem) { created.append(folder.isEmpty ? "README.txt" : "\(folder)/README.txt") }
            }
            if try create("\(root)/inbox/\(FolderGuide.exampleName)", FolderGuide.example, fileSystem) { created.append("inbox/\(FolderGuide.exampleName)") }
        } catch {
            console.error(language.pick(en: "coze-drop: cannot prepare \(root): \(error)", zh: "coze-drop：无法准备 \(root)：\(error)"))
            return ExitCode.failure
        }
        console.print(language.pick(en: "\(root) is ready.", zh: "\(root) 已准备好。"))
        if !created.isEmpty {
            console.print(language.pick(en: "Created: ", zh: "已创建：") + created.joined(separator: ", "))
        }
        if let workflowID, let connection { return await makeWorkflowFolder(workflowID, root: root, connection: connection, language: language) }
        console.print(language.pick(
            en: "Next: copy inbox/\(FolderGuide.exampleName) to inbox/first.json, put in your workflow_id, and run `coze-drop watch --root \(root)`.",
            zh: "下一步：把 inbox/\(FolderGuide.exampleName) 复制为 inbox/first.json，填入 workflow_id，然后运行 `coze-drop watch --root \(root)`。"))
        return ExitCode.success
    }

    /// Writes a new file; `false` when one is already there (kept as it is).
    private func create(_ path: String, _ text: String, _ fileSystem: LocalFileSystem) throws -> Bool {
        do {
            try fileSystem.writeNewFile(Array(text.utf8), to: path, permissions: 0o644)
            return true
        } catch where error.code == .exists {
            return false
        }
    }
}
