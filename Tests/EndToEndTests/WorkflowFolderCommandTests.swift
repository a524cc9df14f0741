import Foundation
import OrderedJSON
import TestSupport
import Testing

/// `init --workflow` against the built-in simulator, and `submit TABLE --folder --wait` with the
/// test playing the agent's part: it writes `status.json` and the results as the agent would.
@Suite struct WorkflowFolderCommandTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    var root: String { folder.path + "/shared" }

    /// A workflow folder `photos` whose file input is `image`, and a source folder with a table.
    func prepare(table: String = "image,style\r\na.jpg,warm\r\nb.jpg,cold\r\n") throws -> String {
        try folder.write(#"{"workflow_id": "7400000000000001234", "mode": "sync", "parameters": {}, "file_parameter": "image", "text_parameter": "style", "name_parameter": null, "folder_parameter": null}"#,
                         to: "shared/inbox/photos/workflow.json")
        try folder.write("A", to: "source/a.jpg")
        try folder.write("B", to: "source/b.jpg")
        return try folder.write(table, to: "source/list.csv")
    }

    func statusBoard(table: String, done: Int, failed: Int, total: Int = 2) throws {
        try folder.write("""
            {"updated_at": "2026-11-30T16:00:02.000+08:00", "agents": [{"agent": "test", "batches": [{"folder": "photos", "table": "\(table)",
             "total": \(total), "done": \(done), "failed": \(failed), "tokens": 10,
             "started_at": "2026-11-30T16:00:00.000+08:00", "updated_at": "2026-11-30T16:00:02.000+08:00"}]}]}
            """, to: "shared/status.json")
    }

    /// The agent's last step: the table into the outbox, then its results.
    func finish(table: String, statuses: [String]) throws {
        try FileManager.default.createDirectory(atPath: root + "/outbox/photos", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: root + "/inbox/photos/\(table)", toPath: root + "/outbox/photos/\(table)")
        let stem = (table as NSString).deletingPathExtension
        let rows = statuses.enumerated().map { "row\($0.offset),\($0.element)" }.joined(separator: "\r\n")
        try folder.write("\u{FEFF}image,status\r\n\(rows)\r\n", to: "shared/outbox/photos/\(stem).results.csv")
    }

    @Test func initWithAWorkflowMakesItsFolderFromTheSimulatorWithoutAToken() async throws {
        let made = try await BuiltCommand.run(["init", "--root", root, "--workflow", "7400000000000001234", "--simulator", "--lang", "en"])
        #expect(made.status == 0, "\(made.error)")
        #expect(made.output.contains("Made inbox/photo_1234/ for workflow photo_1234 (7400000000000001234): workflow.json, README.txt, template.csv.sample."))
        #expect(made.output.contains("a photo or another file: one run each, the file given as `image`"))
        #expect(made.output.contains("coze-drop submit TABLE --root \(root) --folder photo_1234 --wait"))
        let settings = try JSONParser().parse(folder.read("shared/inbox/photo_1234/workflow.json"))
        #expect(settings.objectMembers?.map(\.key) == ["workflow_id", "mode", "parameters", "file_parameter", "text_parameter", "name_parameter", "folder_parameter"])
        #expect(settings["file_parameter"] == .string("image") && settings["text_parameter"] == .string("style"))
        #expect(try folder.read("shared/inbox/photo_1234/README.txt").contains("Results appear in outbox/photo_1234/"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/inbox/photo_1234/template.csv.sample")) == Data([0xEF, 0xBB, 0xBF] + Array("image,style\r\n".utf8)))
        #expect(folder.names(in: "shared").contains("outbox"))

        try folder.write(#"{"workflow_id": "7400000000000001234", "_mine": "edited"}"#, to: "shared/inbox/photo_1234/workflow.json")
        let again = try await BuiltCommand.run(["init", root, "--workflow", "7400000000000001234", "--simulator", "--lang", "zh"])
        #expect(again.status == 1)
        #expect(again.error.contains("inbox/photo_1234/workflow.json 已经存在，保持原样未改动"))
        #expect(try folder.read("shared/inbox/photo_1234/workflow.json").contains("edited"))

        let named = try await BuiltCommand.run(["init", root, "--workflow", "7366468917055111111", "--name", "问候", "--simulator", "--lang", "zh"])
        #expect(named.status == 0, "\(named.error)")
        #expect(named.output.contains("已为工作流 greet_user (7366468917055111111) 创建 inbox/问候/"))
        #expect(named.output.contains("请先在 workflow.json 中把 \"text_parameter\" 设为 user_name、city 之一"))
    }

    @Test func initWithAWorkflowChecksItsArgumentsAndTokenBeforeMakingAnything() async throws {
        let noToken = try await BuiltCommand.run(["init", root, "--workflow", "7400000000000001234", "--lang", "en"])
        #expect(noToken.status == 2)
        #expect(noToken.error.contains("no Coze API token"))
        #expect(!FileManager.default.fileExists(atPath: root))
        let badID = try await BuiltCommand.run(["init", root, "--workflow", "photos", "--simulator"])
        #expect(badID.status == 2 && badID.error.contains("`--workflow` must be the workflow id, only digits"))
        let badName = try await BuiltCommand.run(["init", root, "--workflow", "1", "--name", "CON", "--simulator"])
        #expect(badName.status == 2 && badName.error.contains("try --name \"CON_\""))
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func submitWaitFollowsTheBatchAndExitsZeroWhenEveryRowSucceeded() async throws {
        let table = try prepare()
        let running = try BuiltCommand.start(["submit", table, "--root", root, "--folder", "photos", "--wait", "--lang", "en"])
        try await running.whenOutputShows("waiting for an agent (coze-drop watch) to take list.csv")
        // Named files first, then the table, as the agent will find them.
        #expect(folder.names(in: "shared/inbox/photos") == ["files", "list.csv", "workflow.json"])
        #expect(folder.names(in: "shared/inbox/photos/files") == ["a.jpg", "b.jpg"])
        try statusBoard(table: "list.csv", done: 1, failed: 0)
        try await running.whenOutputShows("list.csv: 1/2 done, 0 failed, 0.5 rows/s, about 2 s left")
        try finish(table: "list.csv", statuses: ["success", "success"])
        let outcome = await running.finish()
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.error)")
        #expect(outcome.output.contains("dropped: \(root)/inbox/photos/list.csv (2 rows; the 2 file(s) it names are in files/)"))
        #expect(outcome.output.contains("finished: 2 succeeded, 0 failed; results: \(root)/outbox/photos/list.results.csv"))
    }

    @Test func aTakenNameGetsASuffixAndAFailedRowMakesTheExitStatusOne() async throws {
        let table = try prepare()
        // An earlier batch of the same name: its results must not be taken for this one's.
        try folder.write("old", to: "shared/outbox/photos/list.csv")
        try folder.write("image,status\r\nx,failed\r\n", to: "shared/outbox/photos/list.results.csv")
        let running = try BuiltCommand.start(["submit", table, "--root", root, "--folder", "photos", "--wait", "--lang", "zh"])
        try await running.whenOutputShows("等待代理（coze-drop watch）接手 list_2.csv")
        try statusBoard(table: "list_2.csv", done: 2, failed: 1)
        try finish(table: "list_2.csv", statuses: ["success", "error"])
        let outcome = await running.finish()
        #expect(outcome.status == 1, "\(outcome.output)\(outcome.error)")
        #expect(outcome.output.contains("已完成：成功 1 行，失败 1 行；结果：\(root)/outbox/photos/list_2.results.csv"))
    }

    @Test func aRefusedTableExitsTwoWithItsSummary() async throws {
        let table = try prepare()
        let running = try BuiltCommand.start(["submit", table, "--root", root, "--folder", "photos", "--wait", "--lang", "en"])
        try await running.whenOutputShows("waiting for an agent")
        try folder.write("list.csv was not run: the column `imgae` is not an input of the workflow — did you mean `image`?\n", to: "shared/failed/photos/list.result.txt")
        try FileManager.default.moveItem(atPath: root + "/inbox/photos/list.csv", toPath: root + "/failed/photos/list.csv")
        let outcome = await running.finish()
        #expect(outcome.status == 2)
        #expect(outcome.output.contains("refused: the whole table list.csv is in \(root)/failed/photos/; not one row ran."))
        #expect(outcome.output.contains("did you mean `image`?"))
    }

    @Test func nothingIsDroppedWhenTheTableNamesAMissingFileOrTheFolderHasNoSettings() async throws {
        let table = try prepare(table: "image\r\na.jpg\r\nlost.jpg\r\n")
        let missing = try await BuiltCommand.run(["submit", table, "--root", root, "--folder", "photos", "--lang", "en"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("row 3, column image: lost.jpg (put it next to list.csv, or write a web address)"))
        #expect(folder.names(in: "shared/inbox/photos") == ["workflow.json"])
        let noFolder = try await BuiltCommand.run(["submit", table, "--root", root, "--folder", "other", "--lang", "en"])
        #expect(noFolder.status == 2)
        #expect(noFolder.error.contains("has no readable workflow.json; make the workflow folder first with `coze-drop init"))
        let withoutFolder = try await BuiltCommand.run(["submit", table, "--root", root, "--lang", "en"])
        #expect(withoutFolder.status == 2)
        #expect(withoutFolder.error.contains("is a table: it goes into a workflow folder, one run per row; add --folder NAME"))
    }
}
