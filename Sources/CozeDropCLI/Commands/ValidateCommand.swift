import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import WorkflowJobs

/// `coze-drop validate FILE…`: the agent's own checks, offline: every problem of every file, with
/// line and column for syntax errors. Exit 0 when all are valid, 1 otherwise.
struct ValidateCommand {
    static let help = """
        coze-drop validate — check request files without running them (the same checks as the agent).

        Usage: coze-drop validate FILE... [--lang zh|en] [--service coze|studio] [--online [--base-url URL] [--token-file PATH] [--simulator]]

        With --service studio, also says which fields Coze Studio ignores (workflow_version).

        Options:
          --online            also check each request's parameters against the workflow's inputs,
                              as Coze describes them (GET /v1/workflows/ID; the token needs the
                              getMetaData permission): unknown names (with "did you mean"), missing
                              required inputs, values Coze cannot take. Nothing is run.
          --simulator         with --online: ask the built-in simulator instead of Coze

        Exit status: 0 when every file is a valid request, 1 when any is not. With --online, a
        workflow whose inputs cannot be read is reported and its files count as valid.
        """

    let input: CommandInput

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: Set(["--lang", "--service"]).union(ConnectionSettings.valueFlags), switchFlags: ["--online", "--simulator"],
                                 environment: environment, console: console)
    }

    func run() async throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        let arguments = input.arguments
        let console = input.console
        guard !arguments.positionals.isEmpty else { throw UsageError("`validate` needs at least one request file") }
        let l = try input.language()
        let online = try OnlineCheck(input)
        defer { online?.connection.simulator?.stop() }
        let service = try ConnectionSettings.service(arguments)
        var invalid = 0
        for file in arguments.positionals {
            var check = Self.check(file, language: l)
            if case .valid(let request) = check, let online { check = await online.check(request, file: file, language: l) }
            switch check {
            case .valid(let request):
                let files = request.attachments.isEmpty ? "" : l.pick(en: ", with files \(request.attachments.joined(separator: ", "))",
                                                                      zh: "，附带文件 \(request.attachments.joined(separator: "、"))")
                console.print(l.pick(en: "\(file): valid (\(request.mode.rawValue) run of workflow \(request.invocation.workflowID)\(files))",
                                     zh: "\(file)：有效（以 \(request.mode.rawValue) 方式运行工作流 \(request.invocation.workflowID)\(files)）"))
                if service == .studio, request.invocation.workflowVersion != nil {
                    console.print(l.pick(en: "  note: `workflow_version` is ignored by Coze Studio: it always runs the latest published version.",
                                         zh: "  注意：Coze Studio 会忽略 `workflow_version`：它总是运行最新发布的版本。"))
                }
            case .invalid(let problems):
                invalid += 1
                console.print(l.pick(en: "\(file): \(problems.count) problem(s):", zh: "\(file)：发现 \(problems.count) 个问题："))
                for problem in problems { console.print("  - \(problem)") }
            case .unreadable(let reason):
                invalid += 1
                console.print(l.pick(en: "\(file): cannot be read (\(reason))", zh: "\(file)：无法读取（\(reason)）"))
            }
        }
        return invalid == 0 ? ExitCode.success : ExitCode.failure
    }

    enum Check {
        case valid(WorkflowRequest)
        case invalid([String])
        case unreadable(String)
    }

    static func check(_ file: String, language: Language) -> Check {
        let bytes: [UInt8]
        do {
            bytes = try LocalFileSystem().readFile(file, limit: AgentConfiguration.defaultMaximumRequestBytes)
        } catch {
            return .unreadable(error.reason)
        }
        do {
            return .valid(try RequestFileParser.parse(bytes, language: language))
        } catch {
            return .invalid(error.problems)
        }
    }
}
