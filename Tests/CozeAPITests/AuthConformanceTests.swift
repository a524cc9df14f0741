import CozeAPI
import CozeCrypto
import Foundation
import TestSupport
import Testing

/// The token endpoint's and `users/me`'s answers as their sources print them, read by our client.
@Suite struct AuthConformanceTests {
    func answer(_ fixture: String) throws -> ScriptedTransport.Answer {
        let file = try ConformanceFixture(fixture)
        return .json(try file.httpStatus(), String(decoding: try file.bodyBytes(), as: UTF8.self))
    }

    @Test func theDocsTokenAnswerGivesTheTokenAndItsAbsoluteExpiry() async throws {
        let folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "app")
        let source = OAuthJWTSource(appID: "1", keyID: "k", key: try PrivateKeyFile.load(path: pair.pkcs8), baseURL: URL(string: "https://api.coze.cn")!,
                                    transport: ScriptedTransport([try answer("hosted/oauth_token.json")]).transport)
        let token = try await source.fetch(now: Date(timeIntervalSince1970: 1_721_130_000))
        #expect(token.value.hasPrefix("czs_RQOhsc7vmUzK4bNgb7hn4wqOgRBYAO6xvpFHNbnl6RiQJX3cSXSguIhFDzgy"))
        #expect(token.expiresAt == Date(timeIntervalSince1970: 1_721_135_859))
    }

    @Test func cozepysUsersMeAnswerProvesTheTokenAndNamesTheUser() async throws {
        let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t",
                                transport: ScriptedTransport([try answer("hosted/users_me.json")]).transport)
        #expect(try await client.checkToken() == "3f9a1c7e2b")
    }
}
