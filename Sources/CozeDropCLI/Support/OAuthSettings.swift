import CozeAPI
import CozeCrypto
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
        guard !appID.isEmpty, appID.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw UsageError("`--oauth-app-id` must be the app id from Coze's OAuth apps page, without spaces; got `\(appID)`")
        }
        guard !keyID.isEmpty, keyID.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw UsageError("`--oauth-key-id` must be the public key fingerprint (公钥指纹) from the app's page, without spaces")
        }
        var ttl = OAuthJWTSource.defaultTTL
        if let ttlText {
            guard let seconds = Int(ttlText), (60...OAuthJWTSource.maximumTTL).contains(seconds) else {
                throw UsageError("`--oauth-token-ttl` must be a whole number of seconds from 60 to \(OAuthJWTSource.maximumTTL); got `\(ttlText)`")
            }
            ttl = seconds
        }
        let key: RSAPrivateKey
        do { key = try PrivateKeyFile.load(path: keyPath) } catch { throw UsageError(error.message) }
        // Token requests are rare: one connection of their own.
        let transport = URLSessionTransport(maximumConnections: 1)
        return OAuthJWTSource(appID: appID, keyID: keyID, key: key, tokenTTL: ttl, baseURL: baseURL, transport: transport.transport)
    }
}
