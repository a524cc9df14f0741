import CozeCrypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OrderedJSON
import TestSupport
import Testing

/// `coze-drop simulator --token-ttl --oauth-…`, as a script runs it.
@Suite struct SimulatorAuthCommandTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test func theOAuthFlagsGoTogether() async throws {
        let outcome = try await BuiltCommand.run(["simulator", "--oauth-app-id", "1170000000001", "--oauth-key-id", "kid"])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("go together") && outcome.error.contains("`--oauth-public-key`"))
    }

    @Test func aPublicKeyFileThatIsNoKeyIsAUsageErrorNamingIt() async throws {
        let path = try folder.write("not a key", to: "public_key.pem")
        let outcome = try await BuiltCommand.run(["simulator", "--oauth-app-id", "1", "--oauth-key-id", "kid", "--oauth-public-key", path])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains(path) && outcome.error.contains("BEGIN PUBLIC KEY"))
        let missing = try await BuiltCommand.run(["simulator", "--oauth-app-id", "1", "--oauth-key-id", "kid", "--oauth-public-key", folder.path + "/none.pem"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("cannot read the public key file"))
    }

    @Test func theSimulatorIssuesATokenForAJWTAndAcceptsIt() async throws {
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "app")
        let running = try BuiltCommand.start(["simulator", "--port", "0", "--token-ttl", "3600", "--oauth-app-id", "1170000000001",
                                              "--oauth-key-id", "kid-1", "--oauth-public-key", pair.publicSPKI])
        defer {
            running.process.terminate()
        }
        var port: String?
        for _ in 0..<1000 where port == nil {
            try await Task.sleep(for: .milliseconds(10))
            port = running.outputSoFar.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).map { String($0.1) }
        }
        let host = "127.0.0.1:\(try #require(port))"
        let now = Int(Date().timeIntervalSince1970)
        let jwt = CompactJWS.signRS256(
            header: Array(#"{"alg":"RS256","typ":"JWT","kid":"kid-1"}"#.utf8),
            payload: Array(#"{"iss":"1170000000001","aud":"\#(host)","iat":\#(now),"exp":\#(now + 600),"jti":"\#(UUID().uuidString)"}"#.utf8),
            key: try PrivateKeyFile.load(path: pair.pkcs8))
        var tokenRequest = URLRequest(url: URL(string: "http://\(host)/api/permission/oauth2/token")!)
        tokenRequest.httpMethod = "POST"
        tokenRequest.setValue("Bearer \(jwt)", forHTTPHeaderField: "Authorization")
        tokenRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        tokenRequest.httpBody = Data(#"{"duration_seconds":86399,"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer"}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: tokenRequest)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let answer = try JSONParser().parse(bytes: [UInt8](body))
        let token = try #require(answer["access_token"]?.stringValue)
        let expiresIn = try #require(answer["expires_in"]?.integerValue)
        #expect(token.hasPrefix("czs_"))
        #expect((now + 3599)...(now + 3700) ~= expiresIn) // capped by --token-ttl
        var infoRequest = URLRequest(url: URL(string: "http://\(host)/v1/workflows/7366468917055111111")!)
        infoRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, infoResponse) = try await URLSession.shared.data(for: infoRequest)
        #expect((infoResponse as? HTTPURLResponse)?.statusCode == 200)
    }
}
