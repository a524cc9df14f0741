import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import WorkflowJobs

/// Where API calls go and with which token: from flags, the environment, or the built-in simulator.
struct ConnectionSettings {
    var baseURL: URL
    /// Hands out the token to every call and renews it; the token is never logged or printed.
    var credentials: TokenBroker
    /// Kept alive while the command runs.
    var simulator: CozeSimulator?
    /// Hosted Coze or a self-hosted Coze Studio (`--service`).
    var service: CozeService = .coze

    static let valueFlags = Set(["--base-url", "--token-file", "--token-command", "--service"]).union(OAuthSettings.valueFlags)

    /// `--service coze|studio` (default `coze`): the hosted Coze or a self-hosted Coze Studio.
    static func service(_ arguments: ParsedArguments) throws(UsageError) -> CozeService {
        guard let text = arguments.value("--service") else { return .coze }
        guard let service = CozeService(rawValue: text.lowercased()) else {
            throw UsageError("`--service` must be `coze` (hosted, the default) or `studio` (self-hosted Coze Studio); got `\(text)`")
        }
        return service
    }

    static func resolve(_ arguments: ParsedArguments, environment: [String: String]) throws(UsageError) -> ConnectionSettings {
        let service = try Self.service(arguments)
        if arguments.has("--simulator") {
            if arguments.value("--base-url") != nil { throw UsageError("`--simulator` and `--base-url` cannot be used together") }
            do {
                let simulator = try CozeSimulator(port: 0, service: SimulatedService(service))
                let source = FixedTokenSource("simulator-token", origin: "the built-in simulator")
                return ConnectionSettings(baseURL: simulator.baseURL, credentials: TokenBroker(source: source), simulator: simulator, service: service)
            } catch {
                throw UsageError("cannot start the built-in simulator: \(error)")
            }
        }
        let baseText = arguments.value("--base-url") ?? environment["COZE_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let baseURL: URL
        if let baseText {
            do { baseURL = try BaseURLPolicy.validate(baseText, service: service) } catch { throw UsageError(error.description + " " + error.setting.whereSet(in: .en)) }
        } else {
            guard service == .coze else {
                throw UsageError("`--service studio` needs the address of your Coze Studio: add --base-url (e.g. http://127.0.0.1:8888) or set COZE_BASE_URL")
            }
            baseURL = BaseURLPolicy.defaultBaseURL
        }
        let source = try tokenSource(arguments, environment: environment, service: service, baseURL: baseURL)
        return ConnectionSettings(baseURL: baseURL, credentials: TokenBroker(source: source), simulator: nil, service: service)
    }

    /// A client for these settings, its `service` set.
    func client(_ transport: URLSessionTransport) -> CozeClient {
        var client = CozeClient(baseURL: baseURL, credentials: credentials, urlSession: transport)
        client.service = service
        return client
    }

    /// The one start-up warning for plain http over a network (Coze Studio on a private network).
    var warning: String? {
        guard simulator == nil, BaseURLPolicy.sendsTokenUnencrypted(baseURL) else { return nil }
        return "\(baseURL.absoluteString) is plain http: the token travels unencrypted over the network. Keep Coze Studio on a network you trust, or put https in front of it."
    }

    /// How long a stream may stay silent by default: Coze Studio sends no PINGs, so a quiet node
    /// would otherwise look like a dead stream.
    var streamIdleDefault: Duration {
        service == .studio ? JobRunner.studioStreamIdleTimeout : JobRunner.defaultStreamIdleTimeout
    }

    /// Where the token comes from, in this order: an OAuth service app, a token command, a token
    /// file (re-read when it changes), `COZE_API_TOKEN`.
    private static func tokenSource(_ arguments: ParsedArguments, environment: [String: String], service: CozeService,
                                    baseURL: URL) throws(UsageError) -> any TokenSource {
        if let oauth = try OAuthSettings.source(arguments, service: service, baseURL: baseURL) { return oauth }
        if let command = arguments.value("--token-command") {
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else { throw UsageError("`--token-command` is empty; give the command that prints the token") }
            return TokenCommandSource(command: command)
        }
        if let path = arguments.value("--token-file") {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw UsageError("cannot read the token file \(path); check that it exists and is readable")
            }
            return TokenFileSource(path: path)
        }
        if let token = environment["COZE_API_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return FixedTokenSource(token)
        }
        throw UsageError("""
            no Coze API token. \(service == .studio ? "Create a personal access token in your Coze Studio (pat_…)" : "Use a service access token (sat_…) or a personal access token (pat_…) from coze.cn (or coze.com), or an OAuth service app") and either
              export COZE_API_TOKEN=pat_…            (in the shell that runs coze-drop), or
              --token-file PATH                     (a file holding the token on its first line, re-read when it changes), or
              --token-command 'CMD'                 (a command that prints the token, or {"access_token": …, "expires_in": …})\(service == .studio ? "" : """

              --oauth-app-id ID --oauth-key-id KID --oauth-private-key FILE   (an OAuth service app: tokens that renew themselves)
            """)
            To try CozeDrop without a token, add --simulator.
            """)
    }

    var description: String { simulator == nil ? baseURL.absoluteString : "the built-in simulator at \(baseURL.absoluteString)" }
}
