import CozeAPI
import CozeSimulator
import DropFolder
import Foundation

/// Where API calls go and with which token: from flags, the environment, or the built-in simulator.
struct ConnectionSettings {
    var baseURL: URL
    var token: String
    /// Kept alive while the command runs.
    var simulator: CozeSimulator?
    /// Hosted Coze or a self-hosted Coze Studio (`--service`).
    var service: CozeService = .coze

    static let valueFlags: Set<String> = ["--base-url", "--token-file", "--service"]

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
                return ConnectionSettings(baseURL: simulator.baseURL, token: "simulator-token", simulator: simulator, service: service)
            } catch {
                throw UsageError("cannot start the built-in simulator: \(error)")
            }
        }
        let baseText = arguments.value("--base-url") ?? environment["COZE_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let baseURL: URL
        if let baseText {
            do { baseURL = try BaseURLPolicy.validate(baseText, service: service) } catch { throw UsageError(error.description) }
        } else {
            guard service == .coze else {
                throw UsageError("`--service studio` needs the address of your Coze Studio: add --base-url (e.g. http://127.0.0.1:8888) or set COZE_BASE_URL")
            }
            baseURL = BaseURLPolicy.defaultBaseURL
        }
        return ConnectionSettings(baseURL: baseURL, token: try token(arguments, environment: environment, service: service), simulator: nil, service: service)
    }

    /// A client for these settings, its `service` set.
    func client(_ transport: URLSessionTransport) -> CozeClient {
        var client = CozeClient(baseURL: baseURL, token: token, urlSession: transport)
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

    private static func token(_ arguments: ParsedArguments, environment: [String: String], service: CozeService = .coze) throws(UsageError) -> String {
        if let path = arguments.value("--token-file") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw UsageError("cannot read the token file \(path); check that it exists and is readable")
            }
            let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !firstLine.isEmpty else { throw UsageError("the token file \(path) is empty; put the token on its first line") }
            return firstLine
        }
        if let token = environment["COZE_API_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return token
        }
        throw UsageError("""
            no Coze API token. Create a personal access token \(service == .studio ? "in your Coze Studio (pat_…)" : "on coze.cn (or coze.com)") and either
              export COZE_API_TOKEN=pat_…            (in the shell that runs coze-drop), or
              --token-file PATH                     (a file holding the token on its first line).
            To try CozeDrop without a token, add --simulator.
            """)
    }

    var description: String { simulator == nil ? baseURL.absoluteString : "the built-in simulator at \(baseURL.absoluteString)" }
}
