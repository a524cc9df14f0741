import CozeCrypto
import Foundation
import OrderedJSON

/// The checks of `POST /api/permission/oauth2/token` with a JWT bearer, as a pure decision:
/// what to issue, or which Coze OAuth error to answer.
struct SimulatedOAuthGrant: Equatable {
    /// The JWT id to spend and the token's lifetime in seconds.
    var jti: String
    var duration: Int

    /// A refusal as Coze's OAuth endpoint writes it: `{"error_code", "error_message"}`.
    struct Refusal: Error, Equatable {
        var status: Int
        var code: String
        var message: String

        static func client(_ message: String) -> Refusal { Refusal(status: 401, code: "invalid_client", message: message) }
        static func request(_ message: String) -> Refusal { Refusal(status: 400, code: "invalid_request", message: message) }
    }

    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    static let defaultDuration = 900
    static let maximumDuration = 86_399
    /// How far in the future an `iat` may be (clock skew).
    static let iatLeeway: Double = 60

    /// Checks the JWT (signature, `kid`, `alg`, `iss`, `aud` against the Host header, `exp`, `iat`,
    /// `jti` present) and the body (`grant_type`, `duration_seconds`, `scope`). Whether the `jti`
    /// was spent before is the caller's check.
    static func evaluate(
        authorization: String?, host: String?, body: [UInt8], app: SimulatedAuth.OAuthApp, now: Date, tokenTTL: Duration?
    ) -> Result<SimulatedOAuthGrant, Refusal> {
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            return .failure(.client("the Authorization header must be `Bearer <JWT>`"))
        }
        let token = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let parts = CompactJWS.split(token),
              let header = try? JSONParser().parse(bytes: parts.header), header.objectMembers != nil,
              let payload = try? JSONParser().parse(bytes: parts.payload), payload.objectMembers != nil
        else { return .failure(.client("the bearer token is not a JWT")) }
        guard header["alg"]?.stringValue == "RS256" else { return .failure(.client("the JWT's alg must be RS256")) }
        guard header["kid"]?.stringValue == app.keyID else { return .failure(.client("the JWT's kid is not a public key of this app")) }
        guard app.publicKey.verifySHA256(parts.signature, for: parts.signingInput) else {
            return .failure(.client("the JWT's signature does not match the app's public key"))
        }
        guard payload["iss"]?.stringValue == app.appID else { return .failure(.client("the JWT's iss is not this app's id")) }
        guard audienceMatches(payload["aud"], host: host) else {
            return .failure(.client("the JWT's aud must be the API host (\(host ?? "the Host header"))"))
        }
        guard let exp = payload["exp"]?.doubleValue else { return .failure(.client("the JWT has no exp")) }
        guard exp > now.timeIntervalSince1970 else { return .failure(.client("the JWT has expired")) }
        guard let iat = payload["iat"]?.doubleValue, iat <= now.timeIntervalSince1970 + iatLeeway, iat < exp else {
            return .failure(.client("the JWT's iat is missing, in the future or not before exp"))
        }
        guard let jti = payload["jti"]?.stringValue, !jti.isEmpty else { return .failure(.client("the JWT has no jti")) }

        let request: JSONValue
        if body.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            request = .object([])
        } else {
            guard let parsed = try? JSONParser().parse(bytes: body), parsed.objectMembers != nil else {
                return .failure(.request("the body must be a JSON object"))
            }
            request = parsed
        }
        guard request["grant_type"]?.stringValue == grantType else {
            return .failure(Refusal(status: 400, code: "unsupported_grant_type", message: "grant_type must be \(grantType)"))
        }
        var duration = defaultDuration
        if let value = request["duration_seconds"], !value.isNull {
            guard let seconds = value.integerValue, (1...maximumDuration).contains(seconds) else {
                return .failure(.request("duration_seconds must be a whole number from 1 to \(maximumDuration)"))
            }
            duration = seconds
        }
        if let scope = request["scope"], !scope.isNull, scope.objectMembers == nil {
            return .failure(.request("scope must be an object or null"))
        }
        if let tokenTTL { duration = max(1, min(duration, Int(tokenTTL.seconds.rounded(.down)))) }
        return .success(SimulatedOAuthGrant(jti: jti, duration: duration))
    }

    /// `aud` is the Host header's host[:port], or the host alone; a string or an array holding one.
    static func audienceMatches(_ audience: JSONValue?, host: String?) -> Bool {
        guard let host, !host.isEmpty else { return false }
        var accepted: Set<String> = [host.lowercased()]
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") { accepted.insert(String(host[..<colon]).lowercased()) }
        let values = audience?.arrayValue ?? [audience ?? .null]
        return values.contains { $0.stringValue.map { accepted.contains($0.lowercased()) } ?? false }
    }
}
