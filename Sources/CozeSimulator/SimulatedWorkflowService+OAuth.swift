import Foundation
import OrderedJSON
import Synchronization

/// Token expiry (`--token-ttl`) and the OAuth JWT token endpoint (`--oauth-…`).
extension SimulatedWorkflowService {
    static let oauthTokenPath = "/api/permission/oauth2/token"

    /// Coze's 4100 for a token that has expired, or `nil` when it is still good.
    func expiredTokenRefusal(authorization: String, logid: String) -> ServerResponse? {
        let token = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        let now = now()
        let expired = state.withLock { state -> Bool in
            let expired = state.tokens.hasExpired(token, at: now, ttl: auth.tokenTTL)
            if expired { state.statistics.expiredTokenRefusals += 1 }
            return expired
        }
        guard expired else { return nil }
        return json(status: 401, logid: logid, .object([
            "code": .integer(4100),
            "msg": .string("authentication is invalid"),
            "detail": .object(["logid": .string(logid)]),
        ]))
    }

    /// `POST /api/permission/oauth2/token`: a JWT signed with the app's key buys an access token.
    func oauthToken(_ request: ServerRequest, logid: String) -> ServerResponse {
        guard let app = auth.oauth else {
            return oauthRefusal(.client("this simulator has no OAuth app: start it with --oauth-app-id, --oauth-key-id and --oauth-public-key"), logid: logid)
        }
        let now = now()
        switch SimulatedOAuthGrant.evaluate(
            authorization: request.headers["authorization"], host: request.headers["host"], body: request.body,
            app: app, now: now, tokenTTL: auth.tokenTTL)
        {
        case .failure(let refusal):
            return oauthRefusal(refusal, logid: logid)
        case .success(let grant):
            var bytes = [UInt8](repeating: 0, count: 24)
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = generator.next() }
            let token = "czs_" + bytes.map { String(format: "%02x", $0) }.joined()
            let expiry = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down) + Double(grant.duration))
            let spent = state.withLock { state -> Bool in
                guard state.tokens.spend(jti: grant.jti) else { return false }
                state.tokens.issue(token, expiringAt: expiry)
                state.statistics.oauthTokens += 1
                return true
            }
            guard spent else { return oauthRefusal(.client("the JWT's jti has been used before: sign a new JWT for each token"), logid: logid) }
            return json(status: 200, logid: logid, .object([
                "access_token": .string(token),
                "expires_in": .integer(Int(expiry.timeIntervalSince1970)),
                "token_type": .string("Bearer"),
            ]))
        }
    }

    private func oauthRefusal(_ refusal: SimulatedOAuthGrant.Refusal, logid: String) -> ServerResponse {
        state.withLock { $0.statistics.oauthRefusals += 1 }
        return json(status: refusal.status, logid: logid, .object([
            "error_code": .string(refusal.code),
            "error_message": .string(refusal.message),
        ]))
    }
}
