import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import WorkflowJobs

/// `coze-drop submit FILE [--root DIR] [--wait [--timeout S]]`: drops a request safely for a script
/// (checked first, written under a hidden name, then renamed into `inbox/` under a unique name,
/// with the files it names), and with `--wait` waits for its result.
struct SubmitCommand {
    static let help = """
        coze-drop submit — drop a request into a watched folder safely, and optionally wait for its result.

        Usage: coze-drop submit FILE [--root DIR] [--wait [--timeout S]] [--lang zh|en]
               coze-drop submit TABLE --folder NAME [--root DIR] [--wait [--timeout S]] [--lang zh|en]

        The request is checked first (nothing is dropped if it is invalid), written under a hidden
        name and renamed into DIR/inbox/ under a unique name; files it names as {"$file": "NAME"}
        are copied from FILE's folder into the inbox first. Prints the dropped path.

        With --wait, waits for the result and prints its path. Exit status: 0 success, 1 failed,
        3 the workflow asks a question (answer with the .answer.json next to the result),
        124 no result within --timeout seconds, 2 bad usage or an invalid request (nothing dropped).

        With --folder NAME, TABLE (.csv, .tsv, .jsonl or .xlsx; one run per row, the header row holds
        the input names) goes into the workflow folder DIR/inbox/NAME/ (made by `coze-drop init
        --workflow ID`), as NAME_2.csv… when its name is taken. Files the table names (in the column
        of workflow.json's file_parameter, or any cell naming a file next to TABLE) are copied into
        DIR/inbox/NAME/files/ first. With --wait, shows the batch's progress (a redrawn line on a
        terminal, a line every 5 s otherwise) until the table and NAME.results.csv are in
        DIR/outbox/NAME/. Exit status: 0 every row succeeded, 1 some rows failed, 2 bad usage, an
        unreadable table or the whole table refused (its summary is printed), 124 not done in time.
        """

    let input: CommandInput

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: ["--root", "--timeout", "--lang", "--folder"], switchFlags: ["--wait"], environment: environment, console: console)
    }

    func run() async throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        let arguments = input.arguments
        let console = input.console
        guard arguments.positionals.count == 1, let file = arguments.positionals.first else {
            throw UsageError("`submit` takes one request file")
        }
        let l = try input.language()
        let timeout = try arguments.seconds("--timeout", default: .seconds(86_400), minimum: 0.1)
        let root = arguments.value("--root") ?? FileManager.default.currentDirectoryPath
        let inbox = "\(root)/inbox"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError(l.pick(en: "\(root) has no inbox/ folder; create one with `coze-drop init \(root)`",
                                    zh: "\(root) 中没有 inbox/ 文件夹；可以用 `coze-drop init \(root)` 创建"))
        }
        if let folder = arguments.value("--folder") { return try await submitTable(file, folder: folder, root: root, timeout: timeout, language: l) }
        try Self.refuseTableWithoutFolder(file, root: root, language: l)
        let request: WorkflowRequest
        let bytes: [UInt8]
        let fileSystem = LocalFileSystem()
        do {
            bytes = try fileSystem.readFile(file, limit: AgentConfiguration.defaultMaximumRequestBytes)
            request = try RequestFileParser.parse(bytes, language: l)
        } catch let problem as RequestProblem {
            console.error(l.pick(en: "coze-drop: \(file) is not a valid request; nothing was dropped:", zh: "coze-drop：\(file) 不是有效的请求，没有放入收件箱："))
            for line in problem.problems { console.error("  - \(line)") }
            return ExitCode.usage
        } catch {
            throw UsageError(l.pick(en: "cannot read \(file): \(error)", zh: "无法读取 \(file)：\(error)"))
        }
        // Named files first, so the request never waits for them.
        let folder = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
        for name in request.attachments {
            let source = ("\(folder)/\(name)" as NSString).resolvingSymlinksInPath
            guard FileManager.default.isReadableFile(atPath: source) else {
                throw UsageError(l.pick(en: "\(name), named in \(file), is not next to it", zh: "\(file) 中引用的 \(name) 不在它旁边"))
            }
            // Copied under a hidden name (streamed, a file may be hundreds of megabytes), then renamed
            // without replacing anything, so the agent never sees half a file.
            let hidden = "\(inbox)/.tmp-submit-\(UInt64.random(in: 0...UInt64.max))"
            do {
                try FileManager.default.copyItem(atPath: source, toPath: hidden)
                try fileSystem.moveWithoutReplacing(from: hidden, to: "\(inbox)/\(name)")
            } catch {
                try? FileManager.default.removeItem(atPath: hidden)
                throw UsageError(l.pick(en: "cannot put \(name) into the inbox (\(error))", zh: "无法把 \(name) 放入收件箱（\(error)）"))
            }
        }
        let stem = InboxNamePolicy.stem((file as NSString).lastPathComponent) + "-" + BeijingTime.compact(Date()) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let dropped = "\(inbox)/\(stem).json"
        do {
            // writeNewFile writes a hidden temporary file, flushes it, then renames it: the agent never sees half a file.
            try fileSystem.writeNewFile(bytes, to: dropped, permissions: 0o644)
        } catch {
            throw UsageError(l.pick(en: "cannot drop \(file) into \(inbox) (\(error.reason))", zh: "无法把 \(file) 放入 \(inbox)（\(error.reason)）"))
        }
        console.print(l.pick(en: "dropped: \(dropped)", zh: "已放入：\(dropped)"))
        guard arguments.has("--wait") else { return ExitCode.success }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for place in ["outbox", "failed"] {
                let record = "\(root)/\(place)/\(stem).response.json"
                guard let data = FileManager.default.contents(atPath: record), let json = try? JSONParser().parse(bytes: Array(data)) else { continue }
                console.print(l.pick(en: "result: \(record)", zh: "结果：\(record)"))
                switch json["status"]?.stringValue {
                case "success": return ExitCode.success
                case "needs_input":
                    console.print(l.pick(en: "the workflow asks: \(json["question"]?["text"]?.stringValue ?? "")",
                                         zh: "工作流提问：\(json["question"]?["text"]?.stringValue ?? "")"))
                    return ExitCode.needsInput
                default:
                    console.print(l.pick(en: "failed: \(json["error"]?["message"]?.stringValue ?? "")", zh: "失败：\(json["error"]?["message"]?.stringValue ?? "")"))
                    return ExitCode.failure
                }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        console.print(l.pick(en: "no result within the timeout; \(stem).json is still waiting to be run or running",
                             zh: "在超时时间内没有结果；\(stem).json 仍在等待运行或正在运行"))
        return ExitCode.timedOut
    }
}
