import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import Notifications
import WorkflowJobs

/// `coze-drop watch`: the agent.
struct WatchCommand {
    static let help = """
        coze-drop watch — scan DIR/inbox and run every JSON request dropped there.

        Usage: coze-drop watch [options]

        Options:
        \(WatchOption.helpLines)

        Several agents may watch one folder (also over SMB/NFS): each file is run by exactly one.
        Before a request's first call its parameters are checked against the workflow's inputs (asked
        of Coze, kept 5 minutes): one that would certainly fail goes to failed/ without a run.
        Ctrl-C or SIGTERM stops claiming, lets running sync calls finish (up to --grace), leaves async
        runs journaled for the next start, and exits 0; a second signal quits at once, losing nothing.
        """

    let arguments: ParsedArguments
    let environment: [String: String]
    let console: Console

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        self.arguments = try ParsedArguments(
            arguments,
            valueFlags: WatchOption.valueFlags.union(ConnectionSettings.valueFlags),
            switchFlags: WatchOption.switchFlags.union(["--help"]))
        self.environment = environment
        self.console = console
    }

    func run() async throws(UsageError) -> Int32 {
        // First of all, so a signal during start-up is kept for the agent instead of killing the
        // process half-way (the stream holds it until the agent is there to stop).
        let listener = SignalListener()
        if arguments.has("--help") {
            console.print(Self.help)
            return ExitCode.success
        }
        guard arguments.positionals.isEmpty else {
            throw UsageError("`watch` takes no file arguments (got `\(arguments.positionals[0])`); use --root DIR to choose the folder")
        }
        let root = self.arguments.value("--root") ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("the root folder \(root) does not exist")
        }
        // The folder's own coze-drop.json fills in what the command line leaves out.
        var arguments = self.arguments
        var settings = try FolderSettings.load(root: root, environment: environment)
        if arguments.has("--simulator") {
            // The simulator needs no address or token: the folder's are for the real service.
            for flag in TokenCommand.tokenKeys where flag != "--service" { settings.values[flag] = nil }
        }
        arguments.addDefaults(values: settings.values, switches: settings.switches)
        guard let logFormat = ConsoleEventLog.Format(rawValue: arguments.value("--log-format") ?? WatchOption.named("--log-format").defaultValue ?? "text") else {
            throw UsageError("`--log-format` must be text or json")
        }
        var configuration = AgentConfiguration(layout: FolderLayout(root: URL(fileURLWithPath: root).standardizedFileURL.path))
        configuration.interval = try arguments.seconds(.named("--interval"))
        configuration.settle = try arguments.seconds(.named("--settle"))
        configuration.concurrency = try arguments.integer(.named("--concurrency"))
        configuration.once = arguments.has("--once")
        configuration.lease = try arguments.seconds(.named("--lease"))
        configuration.grace = try arguments.seconds(.named("--grace"))
        configuration.resendInterrupted = arguments.has("--resend-interrupted")
        configuration.logsScans = arguments.has("--log-scans")
        configuration.writesSummaries = !arguments.has("--no-summaries")
        configuration.maximumRequestsPerSecond = Double(try arguments.integer(.named("--max-rps")))
        configuration.maximumRequestBytes = try arguments.integer(.named("--max-request-mb")) * 1024 * 1024
        configuration.language = try arguments.language(environment: environment)
        configuration.keepDays = try arguments.optionalInteger(.named("--keep-days"))
        configuration.archivesOldResults = !arguments.has("--no-archive")
        configuration.dailyTokenBudget = try arguments.optionalInteger(.named("--daily-token-budget"))
        if self.arguments.value("--daily-token-budget") == nil {
            // Raised (or set, or removed) in coze-drop.json while the agent runs: it takes effect.
            let environment = self.environment
            configuration.dailyTokenBudgetReader = { FolderSettings.dailyTokenBudget(root: root, environment: environment) }
        }
        if let poll = settings.poll {
            do {
                configuration.pollDefaults = try RequestFileParser.pollPolicy(poll, defaults: .untilCozeLimit)
            } catch {
                throw UsageError("\(root)/\(FolderSettings.fileName): " + error.problems.joined(separator: " "))
            }
        }
        configuration.version = CozeDropMain.version
        let connection = try ConnectionSettings.resolve(arguments, environment: environment)
        configuration.streamIdleTimeout = try arguments.seconds(.named("--stream-idle"), default: connection.streamIdleDefault)
        configuration.simulated = connection.simulator != nil
        configuration.baseURLDescription = connection.description
        let transport = URLSessionTransport(maximumConnections: configuration.concurrency + 16)
        let client = connection.client(transport)
        configuration.checksParameters = true
        configuration.folderSettings = settings.summary
        let events = console.events(format: logFormat)
        // For benchmarks: COZE_DROP_COUNT_FILE_OPS=1 counts the agent's file operations (same code paths).
        let counting = environment["COZE_DROP_COUNT_FILE_OPS"] == "1" ? CountingFileSystem(counting: LocalFileSystem()) : nil
        let notifier = try notifications(settings: settings, root: root, language: configuration.language, events: events)
        let agent = DropAgent(configuration: configuration, client: client, fileSystem: counting ?? LocalFileSystem(), events: events,
                              notifications: notifier)
        if let warning = connection.warning { events.record(.warning(warning)) }

        let signalTask = Task {
            var received = 0
            for await _ in listener.signals {
                received += 1
                if received == 1 {
                    agent.stop()
                } else {
                    console.error("coze-drop: second signal, quitting now; unfinished requests stay in processing/ and run again on the next start")
                    exit(ExitCode.interrupted)
                }
            }
        }
        let summary = await agent.run()
        if let counting { console.error("coze-drop: file operations: \(counting.counts.line)") }
        signalTask.cancel()
        connection.simulator?.stop()
        if summary.unsettled > 0 {
            console.error("coze-drop: \(summary.unsettled) result(s) could not be written out; they stay in processing/ and are moved on the next start")
            return ExitCode.failure
        }
        return ExitCode.success
    }
}
