import CozeAPI
import CozeSimulator
import DropFolder
import Foundation

/// `coze-drop watch`: the agent.
struct WatchCommand {
    static let help = """
        coze-drop watch — scan DIR/inbox and run every JSON request dropped there.

        Usage: coze-drop watch [options]

        Options:
          --root DIR          folder holding inbox/, processing/, outbox/, failed/ (default: current folder)
          --interval S        seconds between scans of inbox/ (default 1; fractions allowed, e.g. 0.2)
          --settle S          seconds a file must stay unchanged before it is picked up (default 2);
                              on a network share, make it longer than the share's attribute cache
          --concurrency N     requests run at the same time (default 4)
          --once              process what is there now (and anything left in processing/), then exit
                              (0; 1 if a result could not be written out and stays in processing/)
          --lease S           seconds another agent's heartbeat must stand still before its jobs are
                              taken over (default 60; longer than the share's attribute cache)
          --grace S           on Ctrl-C/SIGTERM, seconds running sync calls get to finish (default 30)
          --resend-interrupted  after a crash, send again requests that may or may not have reached
                              Coze (at-least-once; default: file them in failed/ as "interrupted")
          --max-rps N         calls per second to Coze, runs and polls together (default 10; 0: no limit)
          --max-request-mb N  largest request file accepted, in MB (default 10)
          --lang zh|en        language of result summaries and messages for people (default: COZE_DROP_LANG,
                              else from the locale, LANG)
          --log-format F      text (default, for people) or json (one object per line, for log collectors)
          --stream-idle S     seconds a streamed run may send nothing, not even a PING, before it is
                              given up as a timeout (default 120; 600 with --service studio)
          --no-summaries      write no NAME.result.txt next to each record (fewer file operations, for
                              pipelines that read only the records)
          --log-scans         log the cost of every inbox scan (for benchmarks)
          --base-url URL      Coze API address (default: COZE_BASE_URL, else https://api.coze.cn)
          --service S         coze (default: hosted Coze) or studio (a self-hosted Coze Studio; plain
                              http allowed on a private network)
          --token-file PATH   read the token from the first line of PATH, again whenever it changes
                              (default: COZE_API_TOKEN)
          --token-command CMD run CMD (with /bin/sh) for the token: it prints the token, or
                              {"access_token": "…", "expires_in": N}; run again before expiry and after a 4100
          --oauth-app-id ID --oauth-key-id KID --oauth-private-key FILE [--oauth-token-ttl S]
                              an OAuth service app: signs a JWT with the key and renews its access token
                              (S seconds each, default 3600, at most 86399) before it expires
          --simulator         run against the built-in simulator on 127.0.0.1 (no token needed)
          -h, --help          show this help

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
            valueFlags: Set(["--root", "--interval", "--settle", "--concurrency", "--lease", "--grace", "--max-rps", "--max-request-mb", "--stream-idle", "--lang", "--log-format"])
                .union(ConnectionSettings.valueFlags),
            switchFlags: ["--once", "--simulator", "--resend-interrupted", "--log-scans", "--no-summaries", "--help"])
        self.environment = environment
        self.console = console
    }

    func run() async throws(UsageError) -> Int32 {
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
        guard let logFormat = ConsoleEventLog.Format(rawValue: arguments.value("--log-format") ?? "text") else {
            throw UsageError("`--log-format` must be text or json")
        }
        var configuration = AgentConfiguration(layout: FolderLayout(root: URL(fileURLWithPath: root).standardizedFileURL.path))
        configuration.interval = try arguments.seconds("--interval", default: .seconds(1), minimum: 0.01)
        configuration.settle = try arguments.seconds("--settle", default: .seconds(2))
        configuration.concurrency = try arguments.integer("--concurrency", default: 4, range: 1...1024)
        configuration.once = arguments.has("--once")
        configuration.lease = try arguments.seconds("--lease", default: .seconds(60), minimum: 1)
        configuration.grace = try arguments.seconds("--grace", default: .seconds(30))
        configuration.resendInterrupted = arguments.has("--resend-interrupted")
        configuration.logsScans = arguments.has("--log-scans")
        configuration.writesSummaries = !arguments.has("--no-summaries")
        configuration.maximumRequestsPerSecond = Double(try arguments.integer("--max-rps", default: 10, range: 0...100_000))
        configuration.maximumRequestBytes = try arguments.integer("--max-request-mb", default: 10, range: 1...1024) * 1024 * 1024
        configuration.language = try arguments.language(environment: environment)
        if let poll = settings.poll {
            do {
                configuration.pollDefaults = try RequestFileParser.pollPolicy(poll, defaults: .untilCozeLimit)
            } catch {
                throw UsageError("\(root)/\(FolderSettings.fileName): " + error.problems.joined(separator: " "))
            }
        }
        configuration.version = CozeDropMain.version
        let connection = try ConnectionSettings.resolve(arguments, environment: environment)
        configuration.streamIdleTimeout = try arguments.seconds("--stream-idle", default: connection.streamIdleDefault, minimum: 1)
        configuration.simulated = connection.simulator != nil
        configuration.baseURLDescription = connection.description
        let transport = URLSessionTransport(maximumConnections: configuration.concurrency + 16)
        let client = connection.client(transport)
        configuration.checksParameters = true
        configuration.folderSettings = settings.summary
        let events = console.events(format: logFormat)
        let agent = DropAgent(configuration: configuration, client: client, events: events)
        if let warning = connection.warning { events.record(.warning(warning)) }

        let listener = SignalListener()
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
        signalTask.cancel()
        connection.simulator?.stop()
        if summary.unsettled > 0 {
            console.error("coze-drop: \(summary.unsettled) result(s) could not be written out; they stay in processing/ and are moved on the next start")
            return ExitCode.failure
        }
        return ExitCode.success
    }
}
