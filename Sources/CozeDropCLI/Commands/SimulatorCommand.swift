import CozeAPI
import CozeCrypto
import CozeSimulator
import Foundation

/// `coze-drop simulator`: the simulated Coze API, for demos and dry runs.
struct SimulatorCommand {
    static let help = """
        coze-drop simulator — serve a simulated Coze workflow API on 127.0.0.1.

        Usage: coze-drop simulator [--port N] [--service coze|studio] [--workflows FILE] [--fault-rate R --faults LIST [--latency-ms N] [--hang-seconds N] [--seed N]]
                                   [--token-ttl S] [--oauth-app-id ID --oauth-key-id KID --oauth-public-key FILE]

        Options:
          --port N           port to listen on (default 0: pick a free one)
          --service S        coze (default) or studio: speak self-hosted Coze Studio's paths and shapes
          --workflows FILE   what GET /v1/workflows/ID answers: a JSON object, workflow id → the
                             answer's `data` ({"workflow_detail":…, "input":{"parameters":…}, "output":…})
          --fault-rate R     share of API calls (0 to 1) that misbehave (default 0)
          --faults LIST      which faults, comma-separated (default: all): latency, reset, reset_after,
                             mid_body, 429, 500, 502, 503, html, hang, 4009
          --latency-ms N     the delay of a `latency` fault (default 200)
          --hang-seconds N   how long a `hang` fault holds a call (default 120)
          --seed N           seed of the fault generator, to repeat a run (default 1)
          --token-ttl S      every token expires S seconds after its first use (then 4100, like Coze);
                             tokens issued through OAuth expire at their own expires_in
          --oauth-app-id ID  with --oauth-key-id KID and --oauth-public-key FILE (PEM): serve
                             POST /api/permission/oauth2/token for that OAuth JWT app, checking the
                             JWT's RS256 signature, kid, iss, aud, exp and one-time jti
          -h, --help         show this help

        GET /_simulator/statistics reports what it has seen (runs started, polls, faults).
        POST /_simulator/workflows/ID with a `data` object sets what GET /v1/workflows/ID answers;
        workflow 7366468917055111111 is known (input user_name), others answer 4101 (no permission).

        Point an agent at it with --base-url http://127.0.0.1:PORT and any token.
        A run's parameters may hold "_simulate": {…} to script it: delay_ms, running_polls, fail,
        code, http_status, body, output, interrupt, cancel (see README.md).
        """

    let arguments: ParsedArguments
    let console: Console

    init(_ arguments: [String], console: Console) throws(UsageError) {
        self.arguments = try ParsedArguments(
            arguments, valueFlags: ["--port", "--service", "--workflows", "--fault-rate", "--faults", "--latency-ms", "--hang-seconds", "--seed",
                                    "--token-ttl", "--oauth-app-id", "--oauth-key-id", "--oauth-public-key"], switchFlags: ["--help"])
        self.console = console
    }

    func run() async throws(UsageError) -> Int32 {
        if arguments.has("--help") {
            console.print(Self.help)
            return ExitCode.success
        }
        guard arguments.positionals.isEmpty else { throw UsageError("`simulator` takes no arguments (got `\(arguments.positionals[0])`)") }
        let port = try arguments.integer("--port", default: 0, range: 0...65535)
        let service = try ConnectionSettings.service(arguments)
        let auth = try simulatedAuth()
        let simulator: CozeSimulator
        do { simulator = try CozeSimulator(port: port, faults: try faultPlan(), service: SimulatedService(service), auth: auth) } catch let error as UsageError { throw error } catch {
            throw UsageError("cannot start the simulator: \(error)")
        }
        if let file = arguments.value("--workflows") {
            for (workflowID, data) in try Self.workflows(from: file) { simulator.service.registerWorkflow(workflowID, data: data) }
        }
        console.print("listening on \(simulator.baseURL.absoluteString)\(service == .studio ? " (as Coze Studio)" : "")")
        let listener = SignalListener()
        for await _ in listener.signals { break }
        simulator.stop()
        console.print("simulator stopped")
        return ExitCode.success
    }

    /// `--token-ttl` and the three `--oauth-…` flags, which go together.
    private func simulatedAuth() throws(UsageError) -> SimulatedAuth {
        var auth = SimulatedAuth()
        if arguments.value("--token-ttl") != nil {
            auth.tokenTTL = .seconds(try arguments.integer("--token-ttl", default: 0, range: 1...31_536_000))
        }
        let oauthFlags = ["--oauth-app-id", "--oauth-key-id", "--oauth-public-key"]
        let given = oauthFlags.filter { arguments.value($0) != nil }
        guard !given.isEmpty else { return auth }
        guard given.count == oauthFlags.count, let appID = arguments.value("--oauth-app-id"), let keyID = arguments.value("--oauth-key-id"),
              let file = arguments.value("--oauth-public-key")
        else {
            let missing = oauthFlags.filter { !given.contains($0) }.map { "`\($0)`" }.joined(separator: ", ")
            throw UsageError("--oauth-app-id, --oauth-key-id and --oauth-public-key go together; missing \(missing)")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageError("cannot read the public key file `\(file)` given to --oauth-public-key")
        }
        do {
            let publicKey = try RSAPublicKey(pem: String(decoding: data, as: UTF8.self))
            auth.oauth = SimulatedAuth.OAuthApp(appID: appID, keyID: keyID, publicKey: publicKey)
        } catch {
            throw UsageError("--oauth-public-key \(file): \(error.message)")
        }
        return auth
    }

    private func faultPlan() throws(UsageError) -> FaultPlan {
        var plan = FaultPlan()
        if let text = arguments.value("--fault-rate") {
            guard let rate = Double(text), (0...1).contains(rate) else { throw UsageError("`--fault-rate` must be a number from 0 to 1; got `\(text)`") }
            plan.rate = rate
        }
        if let text = arguments.value("--faults") {
            var kinds: [SimulatedFault] = []
            for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let kind = SimulatedFault(rawValue: name) else {
                    throw UsageError("unknown fault `\(name)`; the faults are \(SimulatedFault.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kinds.append(kind)
            }
            plan.kinds = kinds
        }
        plan.latency = .milliseconds(try arguments.integer("--latency-ms", default: 200, range: 0...600_000))
        plan.hang = .seconds(try arguments.integer("--hang-seconds", default: 120, range: 0...86_400))
        plan.seed = UInt64(try arguments.integer("--seed", default: 1, range: 0...Int.max))
        return plan
    }
}
