import CozeAPI
import Foundation

/// The `coze-drop` command line: picks the command, runs it, returns the exit status.
public enum CozeDropMain {
    static let overview = """
        coze-drop — run Coze workflows from JSON files dropped into a folder.

        Usage:
          coze-drop watch [--root DIR] [--interval S] [--settle S] [--concurrency N] [--once] [--base-url URL] [--token-file PATH] [--simulator]
          coze-drop run FILE [--out DIR] [--base-url URL] [--token-file PATH] [--simulator]
          coze-drop simulator [--port N]
          coze-drop init [DIR]                     prepare a shared folder (READMEs, an example)
          coze-drop init [DIR] --workflow ID [--name NAME]   add a workflow folder inbox/NAME/ for that workflow
          coze-drop status [--root DIR]            is an agent running, what is it doing
          coze-drop validate FILE... [--online]    check request files (offline, or against the workflow's inputs)
          coze-drop workflow ID                    show a workflow's name, inputs and outputs
          coze-drop token                          where the token comes from, until when, and whether Coze takes it
          coze-drop submit FILE [--root DIR] [--wait [--timeout S]]
          coze-drop submit TABLE --folder NAME [--root DIR] [--wait]   drop a table into a workflow folder, follow its batch
          coze-drop retry [--root DIR] (NAME... | --all) [--kind K,...] [--since 1d] [--folder NAME] [--force]   put failed requests back into their inbox
          coze-drop notify-test [--root DIR]       send a test message to every chat bot or webhook in `notify`
          coze-drop report [--root DIR] [--since 7d] [--by folder|day|workflow] [--format table|csv|json]   runs, failures, tokens, durations

        The token comes from an OAuth service app (--oauth-app-id, --oauth-key-id, --oauth-private-key),
        --token-command, --token-file (re-read when it changes) or COZE_API_TOKEN; --simulator needs none.
        `coze-drop COMMAND --help` explains each command.
        """

    /// Runs the command named by `arguments` (without the program name).
    public static func run(_ arguments: [String], environment: [String: String], output: Console = Console()) async -> Int32 {
        guard let command = arguments.first else {
            output.error(overview)
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "watch": return try await WatchCommand(rest, environment: environment, console: output).run()
            case "run": return try await RunCommand(rest, environment: environment, console: output).run()
            case "simulator": return try await SimulatorCommand(rest, console: output).run()
            case "init": return try await InitCommand(rest, environment: environment, console: output).run()
            case "status": return try StatusCommand(rest, environment: environment, console: output).run()
            case "validate": return try await ValidateCommand(rest, environment: environment, console: output).run()
            case "workflow": return try await WorkflowCommand(rest, environment: environment, console: output).run()
            case "token": return try await TokenCommand(rest, environment: environment, console: output).run()
            case "submit": return try await SubmitCommand(rest, environment: environment, console: output).run()
            case "retry": return try RetryCommand(rest, environment: environment, console: output).run()
            case "report": return try ReportCommand(rest, environment: environment, console: output).run()
            case "notify-test": return try await NotifyTestCommand(rest, environment: environment, console: output).run()
            case "--help", "-h", "help":
                output.print(overview)
                return ExitCode.success
            case "--version":
                output.print("coze-drop \(version)")
                return ExitCode.success
            default:
                throw UsageError("unknown command `\(command)`; the commands are \(commands.joined(separator: ", "))")
            }
        } catch let error as UsageError {
            output.error("coze-drop: \(error.description)\nRun `coze-drop \(commands.contains(command) ? command + " " : "")--help` for usage.")
            return ExitCode.usage
        } catch {
            output.error("coze-drop: \(error)")
            return ExitCode.failure
        }
    }

    public static let version = ClientIdentity.version
    static let commands = ["watch", "run", "submit", "status", "validate", "workflow", "token", "init", "simulator", "notify-test", "report", "retry"]
}
