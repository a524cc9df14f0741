import CozeSimulator
import Foundation

/// `coze-drop simulator`: the simulated Coze API, for demos and dry runs.
struct SimulatorCommand {
    static let help = """
        coze-drop simulator — serve a simulated Coze workflow API on 127.0.0.1.

        Usage: coze-drop simulator [--port N]

        Options:
          --port N     port to listen on (default 0: pick a free one)
          -h, --help   show this help

        Point an agent at it with --base-url http://127.0.0.1:PORT and any token.
        A run's parameters may hold "_simulate": {…} to script it: delay_ms, running_polls, fail,
        code, http_status, body, output, interrupt (see README.md).
        """

    let arguments: ParsedArguments
    let console: Console

    init(_ arguments: [String], console: Console) throws(UsageError) {
        self.arguments = try ParsedArguments(arguments, valueFlags: ["--port"], switchFlags: ["--help"])
        self.console = console
    }

    func run() async throws(UsageError) -> Int32 {
        if arguments.has("--help") {
            console.print(Self.help)
            return ExitCode.success
        }
        guard arguments.positionals.isEmpty else { throw UsageError("`simulator` takes no arguments (got `\(arguments.positionals[0])`)") }
        let port = try arguments.integer("--port", default: 0, range: 0...65535)
        let simulator: CozeSimulator
        do { simulator = try CozeSimulator(port: port) } catch { throw UsageError("cannot start the simulator: \(error)") }
        console.print("listening on \(simulator.baseURL.absoluteString)")
        let listener = SignalListener()
        for await _ in listener.signals { break }
        simulator.stop()
        console.print("simulator stopped")
        return ExitCode.success
    }
}
