import CozeAPI
import CozeCrypto
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// The OAuth service app's token exchange, with a key made by openssl at test time.
@Suite struct OAuthJWTSourceTests {
    let folder: TemporaryFolder
    let pair: OpenSSL.KeyPair
    let key: RSAPrivateKey

    init() throws {
        folder = try TemporaryFolder()
        pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "app")
        key = try RSAPrivateKey(pem: try String(contentsOfFile: pair.pkcs8, encoding: .utf8))
    }

    func source(_ script: ScriptedTransport, base: String = "https://api.coze.cn") -> OAuthJWTSource {
        OAuthJWTSource(appID: "1158000000001", keyID: "kid-fingerprint", key: key, tokenTTL: 7200, baseURL: URL(string: base)!, transport: script.transport)
    }

    @Test func theJWTCarriesTheClaimsCozeWantsSignedWithTheAppsKey() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = source(ScriptedTransport([])).jwt(now: now)
        let parts = try #require(CompactJWS.split(token))
        let header = try JSONParser().parse(bytes: parts.header)
        #expect(header == .object(["alg": .string("RS256"), "typ": .string("JWT"), "kid": .string("kid-fingerprint")]))
        let payload = try JSONParser().parse(bytes: parts.payload)
        #expect(payload["iss"] == .string("1158000000001"))
        #expect(payload["aud"] == .string("api.coze.cn"))
        #expect(payload["iat"] == .integer(1_800_000_000))
        #expect((payload["exp"]?.integerValue ?? 0) > 1_800_000_000)
        #expect((payload["jti"]?.stringValue?.count ?? 0) >= 64)  // 32 random bytes
        // openssl verifies our signature with the public key.
        let publicKey = try RSAPublicKey(pem: try String(contentsOfFile: pair.publicSPKI, encoding: .utf8))
        #expect(publicKey.verifySHA256(parts.signature, for: parts.signingInput))
        let second = try #require(CompactJWS.split(source(ScriptedTransport([])).jwt(now: now)))
        #expect(try JSONParser().parse(bytes: second.payload)["jti"] != payload["jti"])
    }

    @Test func theAudienceKeepsANonDefaultPort() throws {
        let token = source(ScriptedTransport([]), base: "http://127.0.0.1:8123").jwt(now: Date())
        let payload = try JSONParser().parse(bytes: try #require(CompactJWS.split(token)).payload)
        #expect(payload["aud"] == .string("127.0.0.1:8123"))
    }

    @Test func theTokenIsExchangedWithTheJWTAsBearerAndItsAbsoluteExpiryKept() async throws {
        let script = ScriptedTransport([.json(200, #"{"access_token":"czs_fresh","expires_in":1800007200,"token_type":"Bearer"}"#)])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try await source(script).fetch(now: now)
        #expect(token.value == "czs_fresh")
        #expect(token.expiresAt == Date(timeIntervalSince1970: 1_800_007_200))
        let sent = try #require(script.sent.first)
        #expect(sent.method == "POST")
        #expect(sent.url.absoluteString == "https://api.coze.cn/api/permission/oauth2/token")
        #expect(sent.headers["Authorization"]?.hasPrefix("Bearer ey") == true)
        let body = try JSONParser().parse(bytes: Array(try #require(sent.body)))
        #expect(body["grant_type"] == .string("urn:ietf:params:oauth:grant-type:jwt-bearer"))
        #expect(body["duration_seconds"] == .integer(7200))
    }

    @Test(arguments: [
        (#"{"error_code":"invalid_client","error_message":"invalid jwt"}"#, "key id"),
        (#"{"error_code":"access_deny","error_message":"app not authorized"}"#, "授权"),
        (#"{"error":"invalid_request","error_message":"bad duration"}"#, "86399"),
    ])
    func anEndpointErrorSaysWhatToCheck(body: String, hint: String) async throws {
        do {
            _ = try await source(ScriptedTransport([.json(401, body)])).fetch(now: Date())
            Issue.record("no failure")
        } catch {
            #expect(error.message.contains("HTTP 401"))
            #expect(error.message.contains(hint), "\(error.message)")
            #expect(!error.message.contains("BEGIN"))
        }
    }
}
