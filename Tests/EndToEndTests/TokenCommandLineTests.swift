import CozeSimulator
import Foundation
import TestSupport
import Testing

/// Where the token comes from, as the built command shows it: `coze-drop token`, usage errors for
/// OAuth settings that cannot work, a key file others can read.
@Suite struct TokenCommandLineTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test func tokenSaysWhereTheTokenComesFromAndProvesItWorksWithoutPrintingIt() async throws {
        let simulator = try CozeSimulator()
        defer { simulator.stop() }
        let token = try folder.write("pat_file-token-secret\n", to: "token")
        let outcome = try await BuiltCommand.run(["token", "--base-url", simulator.baseURL.absoluteString, "--token-file", token], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("token source: the token file \(token)"))
        #expect(outcome.output.contains("Coze accepts it (user simulated-user)."))
        #expect(!(outcome.output + outcome.error).contains("pat_file-token-secret"))
    }

    @Test func tokenExitsOneWhenTheCommandCannotGiveATokenAndShowsItsErrors() async throws {
        let simulator = try CozeSimulator()
        defer { simulator.stop() }
        let outcome = try await BuiltCommand.run(["token", "--base-url", simulator.baseURL.absoluteString,
                                            "--token-command", "echo pat_never_shown; echo 'vault sealed' >&2; exit 2"], in: folder.path)
        #expect(outcome.status == 1)
        #expect(outcome.error.contains("vault sealed"))
        #expect(!(outcome.output + outcome.error).contains("pat_never_shown"))
    }

    @Test func oauthSettingsWithCozeStudioAreAUsageErrorThatSaysWhy() async throws {
        let outcome = try await BuiltCommand.run(["token", "--service", "studio", "--base-url", "http://127.0.0.1:8888",
                                            "--oauth-app-id", "1", "--oauth-key-id", "k", "--oauth-private-key", "key.pem"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("Coze Studio has no OAuth endpoint"))
    }

    @Test func anOAuthAppNeedsAllThreeSettings() async throws {
        let outcome = try await BuiltCommand.run(["token", "--oauth-app-id", "1", "--oauth-key-id", "k"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("missing --oauth-private-key"))
    }

    @Test func aPrivateKeyOthersCanReadIsRefusedWithTheChmodToRun() async throws {
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "app")
        chmod(pair.pkcs8, 0o644)
        let outcome = try await BuiltCommand.run(["token", "--oauth-app-id", "1", "--oauth-key-id", "k", "--oauth-private-key", pair.pkcs8], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("chmod 600 \(pair.pkcs8)"), "\(outcome.error)")
        #expect(!outcome.error.contains("BEGIN"))
    }
}
