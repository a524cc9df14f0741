import Foundation
import TestSupport
import Testing

/// `watch --keep-days` with the built binary: jobs filed by a real run, then made old.
@Suite struct RetentionEndToEndTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    var root: String { folder.path + "/shared" }

    /// Files `old.json` and `new.json` with one `watch --once`, then sets `old`'s record back to June 2025 (its
    /// `finished_at` and its modification time).
    func fileTwoAndAgeOne() async throws {
        for name in ["old", "new"] {
            try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"input": "\#(name)"}}"#, to: "shared/inbox/\(name).json")
        }
        let watch = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(watch.status == 0, "\(watch.error)")
        #expect(folder.names(in: "shared/outbox") == ["new.json", "new.response.json", "old.json", "old.response.json"])
        let record = root + "/outbox/old.response.json"
        let text = try String(contentsOfFile: record, encoding: .utf8)
        let aged = text.replacingOccurrences(of: #""finished_at": ?"[^"]+""#, with: #""finished_at": "2025-06-15T10:00:00.000+08:00""#, options: .regularExpression)
        #expect(aged != text)
        try aged.write(toFile: record, atomically: false, encoding: .utf8)
        let june = Date(timeIntervalSince1970: 1_749_952_800)
        for name in ["old.json", "old.response.json", "old.result.txt"] {
            try FileManager.default.setAttributes([.modificationDate: june], ofItemAtPath: "\(root)/outbox/\(name)")
        }
    }

    @Test func watchWithKeepDaysArchivesTheOldJobWholeAndSaysWhere() async throws {
        try await fileTwoAndAgeOne()
        let watch = try await BuiltCommand.run(["watch", "--root", root, "--once", "--keep-days", "1", "--simulator", "--lang", "en"])
        #expect(watch.status == 0, "\(watch.error)")
        #expect(folder.names(in: "shared/outbox", summaries: true) == ["new.json", "new.response.json", "new.result.txt"])
        #expect(folder.names(in: "shared/archive/2025-06/outbox", summaries: true) == ["old.json", "old.response.json", "old.result.txt"])
        #expect((watch.output + watch.error).contains("outbox/old: older than keep_days, archived (3 files) → archive/2025-06/outbox/old"))
        let logs = folder.names(in: "shared/archive").filter { $0.hasPrefix("retention.") && $0.hasSuffix(".log") }
        #expect(logs.count == 1)
        #expect(try logs.first.map { try folder.read("shared/archive/\($0)") }?.contains("\tarchived\toutbox/old\tarchive/2025-06/outbox/old\t3") == true)
    }

    @Test func archiveFalseInCozeDropJSONDeletesTheOldJob() async throws {
        try await fileTwoAndAgeOne()
        try folder.write(#"{"keep_days": 1, "archive": false}"#, to: "shared/coze-drop.json")
        let watch = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(watch.status == 0, "\(watch.error)")
        #expect(folder.names(in: "shared/outbox", summaries: true) == ["new.json", "new.response.json", "new.result.txt"])
        #expect(folder.names(in: "shared/archive").allSatisfy { $0.hasPrefix("retention.") })
        #expect((watch.output + watch.error).contains("outbox/old: older than keep_days, deleted (3 files)"))
    }
}
