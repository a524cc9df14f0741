import CozeAPI
import Foundation

/// The OAuth service app settings (`--oauth-app-id`, `--oauth-key-id`, `--oauth-private-key`,
/// `--oauth-token-ttl`): all three names together, never with Coze Studio (it has no OAuth endpoint).
enum OAuthSettings {
    static let valueFlags: Set<String> = ["--oauth-app-id", "--oauth-key-id", "--oauth-private-key", "--oauth-token-ttl"]
    static let required = ["--oauth-app-id", "--oauth-key-id", "--oauth-private-key"]

    /// The OAuth token source the flags describe, or `nil` when none of them is given.
    static func source(_ arguments: ParsedArguments, service: CozeService, baseURL: URL) throws(UsageError) -> (any TokenSource)? {
        let given = valueFlags.filter { arguments.value($0) != nil }
        guard !given.isEmpty else { return nil }
        if service == .studio {
            throw UsageError("Coze Studio has no OAuth endpoint (and its tokens do not expire): remove the --oauth-… settings and give its personal access token with COZE_API_TOKEN or --token-file")
        }
        let missing = required.filter { arguments.value($0) == nil }
        guard missing.isEmpty else {
            throw UsageError("an OAuth service app needs \(required.joined(separator: ", ")) together; missing \(missing.joined(separator: ", "))")
        }
        return try makeSource(appID: arguments.value("--oauth-app-id") ?? "", keyID: arguments.value("--oauth-key-id") ?? "",
                              keyPath: arguments.value("--oauth-private-key") ?? "", ttlText: arguments.value("--oauth-token-ttl"), baseURL: baseURL)
    }

    static func makeSource(appID: String, keyID: String, keyPath: String, ttlText: String?, baseURL: URL) throws(UsageError) -> any TokenSource {
        throw UsageError("OAuth service apps are not available in this build")
    }
}
