#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Broken and hostile drops: each ends in failed/ with a precise message, or, where it is valid, in
/// outbox/; the agent keeps going and nothing else is affected.
@Suite struct HostileInputTests {
    enum Expected {
        case outbox
        case failed(String)
    }

    struct Drop {
        var name: String
        var bytes: [UInt8]
        var expected: Expected
    }

    static let valid = #"{"workflow_id": "7366468917055111111", "parameters": {"city": "北京"}}"#

    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func encoded(_ text: String, _ encoding: String.Encoding, bom: [UInt8]) -> [UInt8] {
        bom + Array(text.data(using: encoding)!)
    }

    /// The file corpus: 41 files written as bytes, plus the special files made in the test.
    static let corpus: [Drop] = [
        Drop(name: "empty.json", bytes: [], expected: .failed("holds no JSON value")),
        Drop(name: "whitespace.json", bytes: utf8("  \n\t \r\n"), expected: .failed("holds no JSON value")),
        Drop(name: "truncated.json", bytes: utf8(#"{"workflow_id": "1", "parameters": {"a""#), expected: .failed("line 1, column 40")),
        Drop(name: "trailing-garbage.json", bytes: utf8(#"{"workflow_id": "1"} and more"#), expected: .failed("unexpected text after the end")),
        Drop(name: "array.json", bytes: utf8(#"[{"workflow_id": "1"}]"#), expected: .failed("holds an array")),
        Drop(name: "string.json", bytes: utf8(#""7366468917055111111""#), expected: .failed("holds a string")),
        Drop(name: "number.json", bytes: utf8("42"), expected: .failed("holds a number")),
        Drop(name: "deep.json", bytes: utf8(String(repeating: "[", count: 200_000)), expected: .failed("nested more than 256 levels")),
        Drop(name: "bom.json", bytes: [0xEF, 0xBB, 0xBF] + utf8(valid), expected: .outbox),
        Drop(name: "utf16le.json", bytes: encoded(valid, .utf16LittleEndian, bom: [0xFF, 0xFE]), expected: .outbox),
        Drop(name: "utf16be.json", bytes: encoded(valid, .utf16BigEndian, bom: [0xFE, 0xFF]), expected: .outbox),
        Drop(name: "utf32le.json", bytes: encoded(valid, .utf32LittleEndian, bom: [0xFF, 0xFE, 0x00, 0x00]), expected: .outbox),
        Drop(name: "gbk.json", bytes: Array(valid.data(using: String.Encoding(rawValue: 0x8000_0632))!), expected: .outbox),
        Drop(name: "invalid-utf8.json", bytes: utf8(#"{"workflow_id": "1", "x": ""#) + [0xC3, 0x28, 0xFF] + utf8(#""}"#), expected: .failed("save it as UTF-8")),
        Drop(name: "nul.json", bytes: utf8(#"{"workflow_id": "1"}"#) + [0], expected: .failed("NUL byte")),
        Drop(name: "duplicate-keys.json", bytes: utf8(#"{"workflow_id": "1", "parameters": {}, "parameters": {"a": 1}}"#), expected: .failed("appears twice")),
        Drop(name: "out-of-range.json", bytes: utf8(#"{"workflow_id": "1", "timeout": 1e999}"#), expected: .failed("`timeout` must be a number of seconds")),
        Drop(name: "huge-attempts.json", bytes: utf8(#"{"workflow_id": "1", "mode": "async", "poll": {"max_attempts": 99999999999999999999}}"#), expected: .failed("`poll.max_attempts` must be a whole number")),
        Drop(name: "long-id.json", bytes: utf8(#"{"workflow_id": 736646891705511111173664689170551111117}"#), expected: .outbox),
        Drop(name: "id-letters.json", bytes: utf8(#"{"workflow_id": "73664689x"}"#), expected: .failed("must be only digits")),
        Drop(name: "id-float.json", bytes: utf8(#"{"workflow_id": 7.366e18}"#), expected: .failed("must be a whole number")),
        Drop(name: "id-negative.json", bytes: utf8(#"{"workflow_id": -1}"#), expected: .failed("must be a whole number")),
        Drop(name: "params-string.json", bytes: utf8(#"{"workflow_id": "1", "parameters": "city=Beijing"}"#), expected: .failed("`parameters` must be an object")),
        Drop(name: "ext-number.json", bytes: utf8(#"{"workflow_id": "1", "ext": {"user_id": 42}}"#), expected: .failed("`ext.user_id` must be a string")),
        Drop(name: "bot-and-app.json", bytes: utf8(#"{"workflow_id": "1", "bot_id": "2", "app_id": "3"}"#), expected: .failed("both set")),
        Drop(name: "unknown-field.json", bytes: utf8(#"{"workflow_id": "1", "paramters": {}}"#), expected: .failed("did you mean `parameters`")),
        Drop(name: "trailing-comma.json", bytes: utf8(#"{"workflow_id": "1",}"#), expected: .failed("trailing comma")),
        Drop(name: "single-quotes.json", bytes: utf8("{'workflow_id': '1'}"), expected: .failed("double quotes")),
        Drop(name: "comment.json", bytes: utf8("// my request\n" + valid), expected: .failed("line 1, column 1")),
        Drop(name: "control-char.json", bytes: utf8("{\"workflow_id\": \"1\", \"parameters\": {\"a\": \"x\u{01}\"}}"), expected: .failed("control character")),
        Drop(name: "lone-surrogate.json", bytes: utf8(#"{"workflow_id": "1", "parameters": {"a": "\ud800"}}"#), expected: .failed("surrogate")),
        Drop(name: "mode-typo.json", bytes: utf8(#"{"workflow_id": "1", "mode": "asnyc"}"#), expected: .failed("`mode` must be")),
        Drop(name: "poll-on-sync.json", bytes: utf8(#"{"workflow_id": "1", "poll": {"max_attempts": 3}}"#), expected: .failed("only used with")),
        Drop(name: "crlf.json", bytes: utf8("{\r\n  \"workflow_id\": \"1\",\r\n  \"parameters\": {}\r\n}\r\n"), expected: .outbox),
        Drop(name: "big-parameter.json", bytes: utf8(#"{"workflow_id": "1", "parameters": {"text": ""# + String(repeating: "长", count: 300_000) + #""}}"#), expected: .outbox),
        Drop(name: "with spaces.json", bytes: utf8(valid), expected: .outbox),
        Drop(name: "中文名字.json", bytes: utf8(valid), expected: .outbox),
        Drop(name: "new\nline.json", bytes: utf8(valid), expected: .outbox),
        Drop(name: "-leading-dash.json", bytes: utf8(valid), expected: .outbox),
        Drop(name: String(repeating: "a", count: 250) + ".json", bytes: utf8(valid), expected: .outbox),
        Drop(name: "clash.json", bytes: utf8(valid), expected: .outbox),
        Drop(name: "sets-token.json", bytes: utf8(#"{"workflow_id": "1", "token": "pat_x", "base_url": "http://evil.example", "headers": {"X": "1"}}"#), expected: .failed("Unknown field `base_url`")),
    ]

    @Test func everyHostileDropEndsWithAPreciseMessageAndTheAgentKeepsGoing() async throws {
        let folder = try TemporaryFolder()
        let simulator = try CozeSimulator()
        defer { simulator.stop() }
        for drop in Self.corpus { try folder.write(Data(drop.bytes), to: "inbox/\(drop.name)") }
        try folder.write("an earlier result", to: "outbox/clash.json")
        let inbox = folder.path + "/inbox"
        // A 200 MB file, sparse so the test stays fast: refused by its size before it is read.
        let huge = open(inbox + "/huge.json", O_WRONLY | O_CREAT, 0o644)
        ftruncate(huge, 200 * 1024 * 1024)
        close(huge)
        try FileManager.default.createDirectory(atPath: inbox + "/folder.json", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: inbox + "/link.json", withDestinationPath: "/etc/passwd")
        #expect(mkfifo(inbox + "/fifo.json", 0o644) == 0)
        let madeDevice = mknod(inbox + "/device.json", S_IFCHR | 0o644, 0x0103) == 0
        try folder.write(Self.valid, to: "inbox/unreadable.json")
        chmod(inbox + "/unreadable.json", 0)
        let specials: [(String, Expected)] = [
            ("huge.json", .failed("too large")),
            ("folder.json", .failed("is a folder")),
            ("link.json", .failed("symbolic link")),
            ("fifo.json", .failed("special file")),
            ("unreadable.json", getuid() == 0 ? .outbox : .failed("cannot be read")),
        ] + (madeDevice ? [("device.json", .failed("special file"))] : [])

        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = true
        configuration.settle = .zero
        configuration.interval = .milliseconds(20)
        configuration.concurrency = 8
        configuration.maximumRequestsPerSecond = 0
        let client = CozeClient(baseURL: simulator.baseURL, token: "t", transport: URLSessionTransport().transport)
        let events = RecordingEventSink()
        let summary = await DropAgent(configuration: configuration, client: client, events: events).run()
        #expect(summary.unsettled == 0)

        #expect(folder.names(in: "inbox").isEmpty)
        #expect(folder.names(in: "processing").isEmpty)
        let outbox = folder.names(in: "outbox")
        let failed = folder.names(in: "failed")
        var checked = 0
        for (name, expected) in Self.corpus.map({ ($0.name, $0.expected) }) + specials {
            let stem = String(name.dropLast(5))
            switch expected {
            case .outbox:
                #expect(outbox.contains(name) || name == "clash.json" || name.utf8.count > 220, "\(name) should be in outbox")
            case .failed(let fragment):
                #expect(failed.contains(name), "\(name) should be in failed")
                let record = try JSONParser().parse(try folder.read("failed/\(stem).response.json"))
                let message = record["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains(fragment), "\(name): \(message)")
                #expect(record["error"]?["kind"] == .string("invalid_request"))
            }
            checked += 1
        }
        #expect(checked >= 45)
        // A 255-byte name is shortened so that its record's name fits too; the pair keeps one name.
        let shortened = String(repeating: "a", count: 220)
        #expect(outbox.contains("\(shortened).json") && outbox.contains("\(shortened).response.json"))
        #expect(try folder.read("outbox/clash.json") == "an earlier result")
        #expect(outbox.contains { $0.hasPrefix("clash_") && $0.hasSuffix(".response.json") })
        // The link itself was moved, never followed.
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: folder.path + "/failed/link.json")
        #expect(link == "/etc/passwd")
        // Only valid requests reached the service.
        let validCount = (Self.corpus.map(\.expected) + specials.map(\.1)).filter { if case .outbox = $0 { true } else { false } }.count
        #expect(simulator.statistics.syncRuns == validCount)
        print("hostile corpus: \(checked) drops, \(validCount) valid and run, \(checked - validCount) refused with a message")
    }

    @Test func aFileThatKeepsGrowingOrIsReplacedIsOnlyTakenOnceItIsStill() async throws {
        let folder = try TemporaryFolder()
        let simulator = try CozeSimulator()
        defer { simulator.stop() }
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        // Far longer than the writer's pauses, even when a busy machine stretches them.
        configuration.settle = .seconds(3)
        configuration.interval = .milliseconds(50)
        configuration.maximumRequestsPerSecond = 0
        let client = CozeClient(baseURL: simulator.baseURL, token: "t", transport: URLSessionTransport().transport)
        try FileManager.default.createDirectory(atPath: folder.path + "/inbox", withIntermediateDirectories: true)
        let agent = DropAgent(configuration: configuration, client: client, events: RecordingEventSink())
        let running = Task { _ = await agent.run() }
        // Written a few bytes at a time, invalid until the last one.
        let handle = try #require(FileHandle(forWritingAtPath: try folder.write("", to: "inbox/growing.json")))
        let text = Array(#"{"workflow_id": "1", "parameters": {"n": "grown"}}"#.utf8)
        for chunk in stride(from: 0, to: text.count, by: 4) {
            try handle.write(contentsOf: Data(text[chunk..<min(chunk + 4, text.count)]))
            try await Task.sleep(for: .milliseconds(40))
        }
        try handle.close()
        // Replaced while settling: the half-written one never runs.
        try folder.write(#"{"workflow_id": "1", "parameters": {"#, to: "inbox/replaced.json")
        try await Task.sleep(for: .milliseconds(200))
        try folder.write(#"{"workflow_id": "1", "parameters": {"n": "replacement"}}"#, to: "replacement.tmp")
        try FileManager.default.removeItem(atPath: folder.path + "/inbox/replaced.json")
        try FileManager.default.moveItem(atPath: folder.path + "/replacement.tmp", toPath: folder.path + "/inbox/replaced.json")
        for _ in 0..<3000 where folder.names(in: "outbox").count < 4 { try await Task.sleep(for: .milliseconds(10)) }
        agent.stop()
        await running.value
        #expect(folder.names(in: "outbox") == ["growing.json", "growing.response.json", "replaced.json", "replaced.response.json"])
        #expect(folder.names(in: "failed").isEmpty)
    }
}
