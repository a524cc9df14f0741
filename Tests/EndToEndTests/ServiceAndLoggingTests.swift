import CozeCrypto
import CozeSimulator
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Logs for collectors, a folder's own settings file, and the service recipes in `Service/`,
/// through the built executable.
@Suite struct ServiceAndLoggingTests {
    let folder: TemporaryFolder
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test func jsonLogsAreOneObjectPerLineWithTheFieldsCollectorsNeed() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/ok.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4200}}}"#, to: "inbox/bad.json")
        let outcome = try await BuiltCommand.run(["watch", "--once", "--simulator", "--settle", "0", "--interval", "0.05", "--log-format", "json"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        let lines = try outcome.output.split(separator: "\n").map { try JSONParser().parse(String($0)) }
        #expect(lines.count >= 6)
        #expect(lines.allSatisfy { $0["time"]?.stringValue?.hasSuffix("+08:00") == true && $0["level"] != nil && $0["event"] != nil && $0["message"] != nil })
        let finished = try #require(lines.first { $0["event"] == .string("finished") })
        #expect(finished["file"] == .string("ok.json"))
        #expect(finished["execute_id"]?.stringValue?.isEmpty == false)
        #expect(finished["duration_ms"]?.integerValue != nil)
        let failed = try #require(lines.first { $0["event"] == .string("failed") })
        #expect(failed["level"] == .string("error"))
        #expect(failed["error_kind"] == .string("api"))
        #expect(lines.first?["event"] == .string("agent_started"))
    }

    @Test func aFoldersOwnSettingsFileIsUsedAndTheCommandLineAndEnvironmentWin() async throws {
        try folder.write(#"{"concurrency": 2, "settle": 0, "interval": 0.05, "lang": "zh"}"#, to: "coze-drop.json")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        let fromFile = try await BuiltCommand.run(["watch", "--once", "--simulator"], in: folder.path)
        #expect(fromFile.status == 0, "\(fromFile.error)")
        #expect(fromFile.output.contains("concurrency 2"))
        #expect(fromFile.output.contains("from coze-drop.json: concurrency = 2, settle = 0, interval = 0.05, lang = \"zh\""))
        #expect(try folder.read("outbox/a.result.txt").hasPrefix("✔ 完成"))

        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/b.json")
        let flagWins = try await BuiltCommand.run(["watch", "--once", "--simulator", "--concurrency", "3", "--lang", "en"], in: folder.path)
        #expect(flagWins.output.contains("concurrency 3"))
        #expect(try folder.read("outbox/b.result.txt").hasPrefix("✔ Done"))

        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/c.json")
        _ = try await BuiltCommand.run(["watch", "--once", "--simulator"], environment: ["COZE_DROP_LANG": "en"], in: folder.path)
        #expect(try folder.read("outbox/c.result.txt").hasPrefix("✔ Done"))

        try folder.write(#"{"concurency": 2, "lang": 1}"#, to: "coze-drop.json")
        let wrong = try await BuiltCommand.run(["watch", "--once", "--simulator"], in: folder.path)
        #expect(wrong.status == 2)
        #expect(wrong.error.contains("unknown key `concurency` — did you mean `concurrency`?"))
        #expect(wrong.error.contains("`lang` must be a string, but it is a number"))
    }

    @Test func summariesCanBeSwitchedOffForAFolderOrARunAndRecordsStillComeOut() async throws {
        try folder.write(#"{"settle": 0, "interval": 0.05, "summaries": false}"#, to: "coze-drop.json")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4200}}}"#, to: "inbox/bad.json")
        let fromFile = try await BuiltCommand.run(["watch", "--once", "--simulator"], in: folder.path)
        #expect(fromFile.status == 0, "\(fromFile.error)")
        #expect(fromFile.output.contains("no summaries"))
        #expect(folder.names(in: "outbox", summaries: true) == ["a.json", "a.response.json"])
        #expect(folder.names(in: "failed", summaries: true) == ["bad.json", "bad.response.json"])

        try folder.write(#"{"settle": 0, "interval": 0.05, "summaries": true}"#, to: "coze-drop.json")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/b.json")
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/c.json")
        _ = try await BuiltCommand.run(["watch", "--once", "--simulator", "--no-summaries"], in: folder.path)
        #expect(folder.names(in: "outbox", summaries: true) == ["a.json", "a.response.json", "b.json", "b.response.json", "c.json", "c.response.json"])
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/d.json")
        _ = try await BuiltCommand.run(["watch", "--once", "--simulator"], in: folder.path)
        #expect(try folder.read("outbox/d.result.txt").hasPrefix("✔"))

        try folder.write(#"{"summaries": "no"}"#, to: "coze-drop.json")
        let wrong = try await BuiltCommand.run(["watch", "--once", "--simulator"], in: folder.path)
        #expect(wrong.status == 2)
        #expect(wrong.error.contains("`summaries` must be true or false"))
    }

    @Test func aFoldersPollSettingsBoundItsAsyncRunsAndAWrongOneStopsTheAgent() async throws {
        try folder.write(#"{"settle": 0, "interval": 0.05, "poll": {"initial_interval": 0.1, "max_attempts": 2}}"#, to: "coze-drop.json")
        try folder.write(#"{"workflow_id": "1", "mode": "async", "parameters": {"_simulate": {"running_polls": 5}}}"#, to: "inbox/long.json")
        let outcome = try await BuiltCommand.run(["watch", "--once", "--simulator"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        let record = try JSONParser().parse(try folder.read("failed/long.response.json"))
        #expect(record["polls"] == .integer(2))
        #expect(record["error"]?["kind"] == .string("timeout"))

        try folder.write(#"{"poll": {"max_atempts": 2}}"#, to: "coze-drop.json")
        let wrong = try await BuiltCommand.run(["watch", "--once", "--simulator"], in: folder.path)
        #expect(wrong.status == 2)
        #expect(wrong.error.contains("did you mean `max_attempts`"))
    }

    @Test func theSystemdUnitRunsTheAgentWithTheTokenFromAPrivateFile() async throws {
        let unit = try String(contentsOf: Self.repository.appendingPathComponent("Service/coze-drop.service"), encoding: .utf8)
        let settings = Dictionary(unit.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("=") }.map {
            (String($0.prefix { $0 != "=" }), String($0.drop { $0 != "=" }.dropFirst()))
        }, uniquingKeysWith: { first, _ in first })
        #expect(settings["Restart"] == "on-failure")
        #expect(settings["EnvironmentFile"] == "/etc/coze-drop.env")
        #expect(unit.contains("install -m 0600 -o coze-drop -g coze-drop Service/coze-drop.env.example /etc/coze-drop.env"))
        let environment = try String(contentsOf: Self.repository.appendingPathComponent("Service/coze-drop.env.example"), encoding: .utf8)
        #expect(environment.contains("\nCOZE_API_TOKEN="))
        // The command line the unit runs is one the agent accepts (here on a test folder, once, simulated).
        var command = try #require(settings["ExecStart"]).split(separator: " ").map(String.init)
        #expect(command.first == "/usr/local/bin/coze-drop")
        command.removeFirst()
        let root = try #require(command.firstIndex(of: "--root"))
        command[root + 1] = folder.path
        let outcome = try await BuiltCommand.run(command + ["--once", "--simulator"])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("\"event\":\"agent_started\""))
    }

    @Test func theOAuthUnitRunsTheAgentWithAKeyOnlyTheServiceUserCanRead() async throws {
        let unit = try String(contentsOf: Self.repository.appendingPathComponent("Service/coze-drop-oauth.service"), encoding: .utf8)
        #expect(unit.contains("install -m 0600 -o coze-drop -g coze-drop private_key.pem /etc/coze-drop/private_key.pem"))
        let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        var command = execStart.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
        #expect(command.first == "/usr/local/bin/coze-drop")
        command.removeFirst()
        // The unit's command line against a simulator playing the OAuth app, with a key made here.
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "private_key")
        let publicKey = try RSAPublicKey(pem: try String(contentsOfFile: pair.publicSPKI, encoding: .utf8))
        let simulator = try CozeSimulator(auth: SimulatedAuth(tokenTTL: .seconds(60), oauth: .init(appID: "1158000000001", keyID: "fp-1", publicKey: publicKey)))
        defer { simulator.stop() }
        for (flag, value) in [("--root", folder.path), ("--oauth-app-id", "1158000000001"), ("--oauth-key-id", "fp-1"), ("--oauth-private-key", pair.pkcs8)] {
            let index = try #require(command.firstIndex(of: flag))
            command[index + 1] = value
        }
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        let outcome = try await BuiltCommand.run(command + ["--once", "--base-url", simulator.baseURL.absoluteString])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("\"event\":\"token_renewed\""))
        #expect(folder.names(in: "outbox").contains("a.response.json"))
        #expect(simulator.statistics.oauthTokens == 1)
        let key = try String(contentsOfFile: pair.pkcs8, encoding: .utf8)
        let body = key.split(separator: "\n").dropFirst().first.map(String.init) ?? "?"
        #expect(!(outcome.output + outcome.error).contains(body))
    }

    @Test func theLaunchdAgentRunsTheAgentWithATokenFile() async throws {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("Service/com.cozedrop.watch.plist"))
        let plist = try #require(try PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any])
        #expect((plist["KeepAlive"] as? [String: Any])?["SuccessfulExit"] as? Bool == false)
        var command = try #require(plist["ProgramArguments"] as? [String])
        #expect(command.first == "/usr/local/bin/coze-drop")
        command.removeFirst()
        let token = try folder.write("pat_launchd-test-token\n", to: "token")
        let root = try #require(command.firstIndex(of: "--root"))
        command[root + 1] = folder.path
        let tokenFile = try #require(command.firstIndex(of: "--token-file"))
        command[tokenFile + 1] = token
        let outcome = try await BuiltCommand.run(command + ["--once", "--simulator"])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(!outcome.output.contains("pat_launchd-test-token"))
    }
}
