import CozeCrypto
import CozeSimulator
import Foundation
import OrderedJSON
import Synchronization
import Testing
import TestSupport

/// A wall clock the test moves by hand.
private final class TestNow: Sendable {
    private let date = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { date.withLock { $0 } }
    func advance(_ seconds: Double) { date.withLock { $0 += seconds } }
    var clock: @Sendable () -> Date { { self.now } }
}

/// One key pair made by openssl per test (in a temporary folder, never committed).
private struct OAuthFixture {
    let folder: TemporaryFolder
    let key: RSAPrivateKey
    let app: SimulatedAuth.OAuthApp
    let clock = TestNow()

    init() throws {
        folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "app")
        key = try PrivateKeyFile.load(path: pair.pkcs8)
        app = SimulatedAuth.OAuthApp(appID: "1170000000001", keyID: "kid-fingerprint_01",
                                     publicKey: try RSAPublicKey(pem: String(contentsOfFile: pair.publicSPKI, encoding: .utf8)))
    }

    func service(tokenTTL: Duration? = nil) -> SimulatedWorkflowService {
        SimulatedWorkflowService(auth: SimulatedAuth(tokenTTL: tokenTTL, oauth: app), now: clock.clock)
    }

    /// A JWT as cozepy makes it, with `changes` applied to the header and payload.
    func jwt(header headerChanges: [String: JSONValue] = [:], payload payloadChanges: [String: JSONValue] = [:], key: RSAPrivateKey? = nil) -> String {
        let now = Int(clock.now.timeIntervalSince1970)
        var header: [String: JSONValue] = ["alg": .string("RS256"), "typ": .string("JWT"), "kid": .string(app.keyID)]
        var payload: [String: JSONValue] = [
            "iss": .string(app.appID), "aud": .string("127.0.0.1:8080"), "iat": .integer(now), "exp": .integer(now + 3600),
            "jti": .string("\(now):\(UUID().uuidString)"),
        ]
        header.merge(headerChanges) { $1 }
        payload.merge(payloadChanges) { $1 }
        func bytes(_ object: [String: JSONValue]) -> [UInt8] {
            JSONWriter(prettyPrinted: false).bytes(from: .object(object.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, value: $0.value) }))
        }
        return CompactJWS.signRS256(header: bytes(header), payload: bytes(payload), key: key ?? self.key)
    }

    static func tokenRequest(_ jwt: String, body: String = #"{"duration_seconds":900,"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","scope":null}"#,
                             host: String = "127.0.0.1:8080") -> ServerRequest {
        ServerRequest(method: "POST", path: "/api/permission/oauth2/token",
                      headers: ["authorization": "Bearer \(jwt)", "host": host, "content-type": "application/json"], body: Array(body.utf8))
    }
}

private func workflowInfo(token: String) -> ServerRequest {
    ServerRequest(method: "GET", path: "/v1/workflows/7366468917055111111", headers: ["authorization": "Bearer \(token)"], body: [])
}

private func json(_ response: ServerResponse) throws -> JSONValue {
    try JSONParser().parse(bytes: response.body)
}

struct SimulatedOAuthTests {
    @Test func issuesATokenForAJWTSignedWithTheAppsKeyAndAcceptsIt() throws {
        let fixture = try OAuthFixture()
        let service = fixture.service()
        let response = service.handle(OAuthFixture.tokenRequest(fixture.jwt()))
        #expect(response.status == 200)
        let answer = try json(response)
        let token = try #require(answer["access_token"]?.stringValue)
        #expect(token.hasPrefix("czs_") && token.count > 36)
        #expect(answer["expires_in"] == .integer(Int(fixture.clock.now.timeIntervalSince1970) + 900))
        #expect(answer["token_type"] == .string("Bearer"))
        #expect(service.handle(workflowInfo(token: token)).status == 200)
        #expect(service.statistics.oauthTokens == 1)
        #expect(service.statistics.oauthRefusals == 0)
    }

    @Test func acceptsWhatTheOfficialSDKsSend() throws {
        let fixture = try OAuthFixture()
        let service = fixture.service()
        // aud as the host without its port, a short jti, no scope, no duration (900 by default).
        let short = fixture.jwt(payload: ["aud": .string("127.0.0.1"), "jti": .string("a1")])
        let answer = try json(service.handle(OAuthFixture.tokenRequest(short, body: #"{"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer"}"#)))
        #expect(answer["expires_in"] == .integer(Int(fixture.clock.now.timeIntervalSince1970) + 900))
        // aud as a one-item array, the Host header without a port, a day's duration.
        let listed = fixture.jwt(payload: ["aud": .array([.string("localhost")])])
        let day = service.handle(OAuthFixture.tokenRequest(listed, body: #"{"duration_seconds":86399,"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","scope":null}"#, host: "localhost"))
        #expect(try json(day)["expires_in"] == .integer(Int(fixture.clock.now.timeIntervalSince1970) + 86399))
        #expect(service.statistics.oauthTokens == 2)
    }

    @Test(arguments: [
        ("wrong kid", "invalid_client", 401),
        ("wrong iss", "invalid_client", 401),
        ("wrong aud", "invalid_client", 401),
        ("expired", "invalid_client", 401),
        ("iat in the future", "invalid_client", 401),
        ("no jti", "invalid_client", 401),
        ("other key", "invalid_client", 401),
        ("altered payload", "invalid_client", 401),
        ("not a JWT", "invalid_client", 401),
        ("wrong grant", "unsupported_grant_type", 400),
        ("too long", "invalid_request", 400),
    ])
    func refusesABadJWTOrBodyWithTheDocumentedErrorCode(case name: String, code: String, status: Int) throws {
        let fixture = try OAuthFixture()
        let service = fixture.service()
        let now = Int(fixture.clock.now.timeIntervalSince1970)
        var body = #"{"duration_seconds":900,"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer"}"#
        let jwt: String
        switch name {
        case "wrong kid": jwt = fixture.jwt(header: ["kid": .string("another-key")])
        case "wrong iss": jwt = fixture.jwt(payload: ["iss": .string("1170000000002")])
        case "wrong aud": jwt = fixture.jwt(payload: ["aud": .string("api.coze.cn")])
        case "expired": jwt = fixture.jwt(payload: ["iat": .integer(now - 7200), "exp": .integer(now - 1)])
        case "iat in the future": jwt = fixture.jwt(payload: ["iat": .integer(now + 3000)])
        case "no jti": jwt = fixture.jwt(payload: ["jti": .string("")])
        case "other key":
            let pair = try OpenSSL.generateKeyPair(bits: 2048, in: fixture.folder.path, name: "other")
            jwt = fixture.jwt(key: try PrivateKeyFile.load(path: pair.pkcs8))
        case "altered payload":
            var parts = fixture.jwt().split(separator: ".").map(String.init)
            parts[1] = Base64URL.encode(Array(#"{"iss":"1170000000001","aud":"127.0.0.1:8080","iat":1800000000,"exp":1900000000,"jti":"x"}"#.utf8))
            jwt = parts.joined(separator: ".")
        case "not a JWT": jwt = "pat_abc"
        case "wrong grant":
            jwt = fixture.jwt()
            body = #"{"grant_type":"refresh_token"}"#
        default:
            jwt = fixture.jwt()
            body = #"{"duration_seconds":86400,"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer"}"#
        }
        let response = service.handle(OAuthFixture.tokenRequest(jwt, body: body))
        #expect(response.status == status)
        let answer = try json(response)
        #expect(answer["error_code"] == .string(code))
        #expect(answer["error_message"]?.stringValue?.isEmpty == false)
        #expect(service.statistics.oauthTokens == 0)
        #expect(service.statistics.oauthRefusals == 1)
    }

    @Test func refusesAJWTUsedTwice() throws {
        let fixture = try OAuthFixture()
        let service = fixture.service()
        let jwt = fixture.jwt()
        #expect(service.handle(OAuthFixture.tokenRequest(jwt)).status == 200)
        let replay = service.handle(OAuthFixture.tokenRequest(jwt))
        #expect(replay.status == 401)
        #expect(try json(replay)["error_code"] == .string("invalid_client"))
        #expect(try json(replay)["error_message"]?.stringValue?.contains("jti") == true)
        #expect(service.handle(OAuthFixture.tokenRequest(fixture.jwt())).status == 200)
    }

    @Test func refusesTokenRequestsWhenNoAppIsConfigured() throws {
        let service = SimulatedWorkflowService()
        let response = service.handle(OAuthFixture.tokenRequest("a.b.c"))
        #expect(response.status == 401)
        #expect(try json(response)["error_message"]?.stringValue?.contains("--oauth-app-id") == true)
    }

    @Test func anIssuedTokenExpiresAtItsExpiresInAndTheTTLCapsTheDuration() throws {
        let fixture = try OAuthFixture()
        let service = fixture.service(tokenTTL: .seconds(600))
        let answer = try json(service.handle(OAuthFixture.tokenRequest(fixture.jwt())))
        let token = try #require(answer["access_token"]?.stringValue)
        #expect(answer["expires_in"] == .integer(Int(fixture.clock.now.timeIntervalSince1970) + 600))
        fixture.clock.advance(599)
        #expect(service.handle(workflowInfo(token: token)).status == 200)
        fixture.clock.advance(1)
        let expired = service.handle(workflowInfo(token: token))
        #expect(expired.status == 401)
        #expect(try json(expired)["code"] == .integer(4100))
        #expect(service.statistics.expiredTokenRefusals == 1)
    }
}

struct TokenTTLTests {
    @Test func everyTokenExpiresTheTTLAfterItsFirstUseWith4100() throws {
        let clock = TestNow()
        let service = SimulatedWorkflowService(auth: SimulatedAuth(tokenTTL: .seconds(30)), now: clock.clock)
        #expect(service.handle(workflowInfo(token: "pat_first")).status == 200)
        clock.advance(29)
        #expect(service.handle(workflowInfo(token: "pat_first")).status == 200)
        #expect(service.handle(workflowInfo(token: "pat_second")).status == 200) // first used now
        clock.advance(1)
        let expired = service.handle(workflowInfo(token: "pat_first"))
        #expect(expired.status == 401)
        let answer = try json(expired)
        #expect(answer["code"] == .integer(4100))
        #expect(answer["msg"] == .string("authentication is invalid"))
        #expect(answer["detail"]?["logid"]?.stringValue?.isEmpty == false)
        #expect(service.handle(workflowInfo(token: "pat_second")).status == 200)
        #expect(service.statistics.expiredTokenRefusals == 1)
    }

    @Test func tokensNeverExpireWithoutATTL() throws {
        let clock = TestNow()
        let service = SimulatedWorkflowService(now: clock.clock)
        #expect(service.handle(workflowInfo(token: "pat_any")).status == 200)
        clock.advance(86_400 * 365)
        #expect(service.handle(workflowInfo(token: "pat_any")).status == 200)
    }

    @Test func theStatisticsEndpointCountsTokensAndRefusals() throws {
        let clock = TestNow()
        let service = SimulatedWorkflowService(auth: SimulatedAuth(tokenTTL: .seconds(1)), now: clock.clock)
        _ = service.handle(workflowInfo(token: "pat_x"))
        clock.advance(5)
        _ = service.handle(workflowInfo(token: "pat_x"))
        _ = service.handle(OAuthFixture.tokenRequest("a.b.c"))
        let statistics = try json(service.handle(ServerRequest(method: "GET", path: "/_simulator/statistics", headers: [:], body: [])))
        #expect(statistics["expired_token_refusals"] == .integer(1))
        #expect(statistics["oauth_refusals"] == .integer(1))
        #expect(statistics["oauth_tokens"] == .integer(0))
    }
}
