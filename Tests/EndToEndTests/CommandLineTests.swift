import CozeSimulator
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// The built executable: output, files and exit statuses, as a script sees them.
@Suite struct CommandLineTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test func runSavesASyncResultNamedByBeijingTimeAndExitsZero() async throws {
        let request = try folder.write(#"{"workflow_id": "7366468917055111111", "parameters": {"user_name": "George"}}"#, to: "request.json")
        try FileManager.default.createDirectory(atPath: folder.path + "/results", withIntermediateDirectories: true)
        let outcome = try await BuiltCommand.run(["run", request, "--out", folder.path + "/results", "--simulator"])
        #expect(outcome.status == 0, "\(outcome.error)")
        for line in ["workflow_id: 7366468917055111111", #"parameters: {"user_name":"George"}"#, "sending…", "saved to"] {
            #expect(outcome.output.contains(line), "missing \(line) in \(outcome.output)")
        }
        let saved = folder.names(in: "results")
        #expect(saved.count == 1)
        let name = try #require(saved.first)
        #expect(name.wholeMatch(of: /sync_\d{14}\.json/) != nil, "\(name)")
        let record = try JSONParser().parse(try folder.read("results/\(name)"))
        #expect(record["request"]?["workflow_id"] == .string("7366468917055111111"))
        #expect(record["response"]?["code"] == .integer(0))
        #expect(record["simulated"] == .bool(true))
    }

    @Test func runStreamsTextAsItArrivesAndUploadsNamedFiles() async throws {
        try folder.write("PNG bytes", to: "photo.png")
        let request = try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"image": {"$file": "photo.png"}, "_simulate": {"chunks": 2}}}"#, to: "request.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        for line in ["uploading photo.png (9 bytes)…", "[Message]\nSimulated text for", "[End]\n", "[done]", "output: "] {
            #expect(outcome.output.contains(line), "missing \(line) in \(outcome.output)")
        }
        let name = try #require(folder.names(in: ".").first { $0.hasPrefix("stream_") })
        let record = try JSONParser().parse(try folder.read(name))
        #expect(record["uploads"]?.arrayValue?.first?["name"] == .string("photo.png"))
        #expect(record["status"] == .string("success"))
    }

    @Test func runExitsThreeWhenTheWorkflowAsksAQuestion() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#, to: "request.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator"], in: folder.path)
        #expect(outcome.status == 3, "\(outcome.output)")
        #expect(outcome.output.contains("the workflow asks: Which city?"))
    }

    @Test func runPrintsEachPollOfAnAsyncRun() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "mode": "async", "parameters": {"_simulate": {"running_polls": 1}}, "poll": {"initial_interval": 0.1}}"#, to: "request.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("started, execute_id: "))
        #expect(outcome.output.contains("poll 1/120: Running"))
        #expect(outcome.output.contains("poll 2/120: Success"))
        #expect(folder.names(in: ".").contains { $0.wholeMatch(of: /async_\d{14}\.json/) != nil })
    }

    @Test func runExitsOneWhenTheRunFailsAndStillSavesTheResult() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4200}}}"#, to: "request.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator"], in: folder.path)
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("failed (api)"))
        #expect(folder.names(in: ".").contains { $0.hasPrefix("sync_") })
    }

    @Test func runExitsTwoForAnInvalidRequestAndCallsNothing() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "paramters": {}}"#, to: "request.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("did you mean `parameters`?"))
        #expect(folder.names(in: ".") == ["request.json"])
    }

    @Test func theSimulatorRefusesAnUnknownFault() async throws {
        let outcome = try await BuiltCommand.run(["simulator", "--fault-rate", "0.5", "--faults", "429,explode"])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("unknown fault `explode`"))
    }

    @Test(arguments: [["watch", "--bogus"], ["run", "x.json", "--outt", "d"], ["simulator", "--prot", "1"], ["launch"]])
    func unknownFlagsAndCommandsAreUsageErrorsNamingThem(arguments: [String]) async throws {
        let outcome = try await BuiltCommand.run(arguments, in: folder.path)
        #expect(outcome.status == 2)
        let named = arguments.first(where: { $0.hasPrefix("--") }) ?? arguments[0]
        #expect(outcome.error.contains("`\(named)`"), "\(outcome.error)")
    }

    @Test func watchHelpNamesEveryOptionAndEveryFolderSettingOnce() async throws {
        let outcome = try await BuiltCommand.run(["watch", "--help"])
        #expect(outcome.status == 0)
        let flags = ["--root", "--interval", "--settle", "--concurrency", "--once", "--lease", "--grace", "--resend-interrupted", "--max-rps",
                     "--max-request-mb", "--lang", "--log-format", "--stream-idle", "--log-scans", "--base-url", "--service", "--token-file",
                     "--token-command", "--oauth-app-id", "--oauth-key-id", "--oauth-private-key", "--oauth-token-ttl", "--simulator"]
        for flag in flags { #expect(outcome.output.contains("\n  \(flag)"), "\(flag) missing from the help") }
        let keys = try #require(outcome.output.split(separator: "\n").first { $0.hasPrefix("A folder's own DIR/coze-drop.json may set: ") })
        for key in ["interval", "settle", "concurrency", "poll", "oauth_private_key_file", "token_command", "service"] {
            #expect(keys.contains(key + ",") || keys.contains(key + " ("), "\(key) missing")
        }
    }

    @Test(arguments: [["--help"], ["watch", "--help"], ["run", "--help"], ["simulator", "--help"]])
    func everyCommandExplainsItself(arguments: [String]) async throws {
        let outcome = try await BuiltCommand.run(arguments, in: folder.path)
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("Usage"))
    }

    @Test func aMissingTokenSaysHowToSetIt() async throws {
        let request = try folder.write(#"{"workflow_id": "1"}"#, to: "request.json")
        for arguments in [["run", request], ["watch", "--once", "--root", folder.path]] {
            let outcome = try await BuiltCommand.run(arguments, in: folder.path)
            #expect(outcome.status == 2)
            #expect(outcome.error.contains("COZE_API_TOKEN") && outcome.error.contains("--token-file") && outcome.error.contains("--simulator"))
        }
    }

    @Test func plainHTTPToAnotherHostIsRefused() async throws {
        let outcome = try await BuiltCommand.run(["watch", "--once", "--base-url", "http://api.coze.cn"], environment: ["COZE_API_TOKEN": "x"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("unencrypted"))
    }

    @Test func watchOnceWithATokenFileRunsTheInboxAndNeverWritesTheToken() async throws {
        let simulator = try CozeSimulator()
        defer { simulator.stop() }
        let token = "pat_fake-command-line-token-9876543210"
        let tokenFile = try folder.write("\(token)\n", to: "secret/token.txt")
        try folder.write(#"{"workflow_id": "1", "parameters": {"n": 1}}"#, to: "root/inbox/one.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4101}}}"#, to: "root/inbox/two.json")
        let outcome = try await BuiltCommand.run([
            "watch", "--once", "--root", folder.path + "/root", "--settle", "0", "--interval", "0.05",
            "--base-url", simulator.baseURL.absoluteString, "--token-file", tokenFile,
        ])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(folder.names(in: "root/outbox") == ["one.json", "one.response.json"])
        #expect(folder.names(in: "root/failed") == ["two.json", "two.response.json"])
        #expect(outcome.output.contains("one.json: finished → outbox/one.response.json"))
        #expect(outcome.output.contains("two.json: failed (api)"))
        #expect(try folder.read("root/failed/two.response.json").contains("coze.com"))
        for file in ["outbox/one.response.json", "failed/two.response.json"] {
            #expect(!(try folder.read("root/\(file)")).contains(token))
        }
        #expect(!outcome.output.contains(token) && !outcome.error.contains(token))
        #expect(simulator.statistics.unauthorized == 0)
    }

    @Test func watchStopsCleanlyOnSIGTERM() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        let running = try BuiltCommand.start(["watch", "--simulator", "--settle", "0", "--interval", "0.05"], in: folder.path)
        for _ in 0..<1000 where folder.names(in: "outbox").count < 2 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(folder.names(in: "outbox") == ["a.json", "a.response.json"])
        running.process.terminate()
        let outcome = await running.finish()
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("stopped"))
    }

    @Test func theSimulatorCommandServesTheAPI() async throws {
        let running = try BuiltCommand.start(["simulator", "--port", "0"])
        var port: String?
        for _ in 0..<1000 where port == nil {
            try await Task.sleep(for: .milliseconds(10))
            port = running.outputSoFar.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).map { String($0.1) }
        }
        let url = URL(string: "http://127.0.0.1:\(try #require(port))/v1/workflow/run")!
        let request = try folder.write(#"{"workflow_id": "1"}"#, to: "r.json")
        let outcome = try await BuiltCommand.run(["run", request, "--base-url", url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().absoluteString],
                                           environment: ["COZE_API_TOKEN": "any"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        running.process.terminate()
        #expect(await running.finish().status == 0)
    }
}
