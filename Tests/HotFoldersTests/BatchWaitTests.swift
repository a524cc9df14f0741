import CozeAPI
import Foundation
import HotFolders
import OrderedJSON
import Spreadsheets
import Testing

@Suite struct BatchWaitTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func progress(done: Int, failed: Int = 0, total: Int = 500, seconds: Double = 0) -> BatchStatusEntry {
        BatchStatusEntry(folder: "修图", table: "list.csv", total: total, done: done, failed: failed, tokens: 0,
                      startedAt: start, updatedAt: start.addingTimeInterval(seconds))
    }

    @Test func aStatusBoardsBatchesAreReadFromEveryAgent() throws {
        let board = try JSONParser().parse(#"""
            {"updated_at": "2026-11-30T10:00:00.000+08:00", "agents": [
              {"agent": "a", "batches": [{"folder": "修图", "table": "list.csv", "total": 500, "done": 120, "failed": 3, "tokens": 900,
                                          "started_at": "2026-11-30T10:00:00.000+08:00", "updated_at": "2026-11-30T10:00:12.500+08:00"}]},
              {"agent": "b"},
              {"agent": "c", "batches": [{"folder": "x", "table": "y.xlsx", "total": 2}, {"table": "no folder"}]}]}
            """#)
        let batches = BatchStatusEntry.all(inStatusBoard: board)
        #expect(batches.map(\.table) == ["list.csv", "y.xlsx"])
        #expect(batches[0].done == 120 && batches[0].failed == 3 && batches[0].tokens == 900)
        #expect(batches[0].startedAt == Date(timeIntervalSince1970: 1_796_004_000))
        #expect(batches[0].updatedAt?.timeIntervalSince(batches[0].startedAt!) == 12.5)
        #expect(batches[1].startedAt == nil && batches[1].done == 0)
    }

    @Test(arguments: [
        ("2026-11-30T08:00:00Z", 1_796_025_600.0 as Double?),
        ("2026-11-30T16:00:00.250+08:00", 1_796_025_600.25),
        ("2026-11-30T03:00:00-0500", 1_796_025_600),
        ("2026-11-30 08:00:00z", 1_796_025_600),
        ("2026-11-30T08:00:00", nil),
        ("yesterday", nil),
        ("2026-13-30T08:00:00Z", nil),
    ])
    func batchTimesAreReadWithTheirOffset(text: String, expected: Double?) {
        let entry = BatchStatusEntry(json: .object(["folder": .string("f"), "table": .string("t.csv"), "total": .integer(1), "started_at": .string(text)]))
        #expect(entry?.startedAt?.timeIntervalSince1970 == expected)
    }

    @Test(arguments: [
        (progress(done: 120, failed: 3, seconds: 12.5), Language.en, "[##........] 120/500 done, 3 failed, 9.6 rows/s, about 40 s left"),
        (progress(done: 120, failed: 3, seconds: 12.5), .zh, "[##........] 已完成 120/500，失败 3，9.6 行/秒，约剩 40 秒"),
        (progress(done: 0), .en, "[..........] 0/500 done, 0 failed"),
        (progress(done: 10, seconds: 100), .en, "[..........] 10/500 done, 0 failed, 0.1 rows/s, about 1 h 22 min left"),
        (progress(done: 10, total: 10_000, seconds: 10), .en, "[..........] 10/10000 done, 0 failed, 1.0 rows/s, about 2 h 47 min left"),
        (progress(done: 500, failed: 1, seconds: 2), .en, "[##########] 500/500 done, 1 failed, 250 rows/s"),
        (progress(done: 250, seconds: 25), .zh, "[#####.....] 已完成 250/500，失败 0，10.0 行/秒，约剩 25 秒"),
    ])
    func theTerminalLineShowsBarCountsRateAndTimeLeft(progress: BatchStatusEntry, language: Language, expected: String) {
        #expect(BatchWaitLine(language: language).terminal(progress) == expected)
    }

    @Test func aPlainLineNamesTheTableInsteadOfDrawingABar() {
        #expect(BatchWaitLine(language: .en).plain(Self.progress(done: 1, seconds: 1)) == "list.csv: 1/500 done, 0 failed, 1.0 rows/s, about 9 min left")
    }

    @Test func onATerminalTheLineIsRedrawnWheneverItChanges() {
        var reporter = BatchWaitReporter(line: BatchWaitLine(language: .en), isTerminal: true)
        #expect(reporter.update(nil, table: "list.csv", at: 0) == .redraw("waiting for an agent (coze-drop watch) to take list.csv…"))
        #expect(reporter.update(nil, table: "list.csv", at: 0.2) == nil)
        #expect(reporter.update(Self.progress(done: 0), table: "list.csv", at: 0.4) == .redraw("[..........] 0/500 done, 0 failed"))
        #expect(reporter.update(Self.progress(done: 0), table: "list.csv", at: 0.6) == nil)
        #expect(reporter.update(Self.progress(done: 50, seconds: 5), table: "list.csv", at: 0.8)
            == .redraw("[#.........] 50/500 done, 0 failed, 10.0 rows/s, about 45 s left"))
    }

    @Test func inALogAPlainLineComesAtMostEveryFiveSecondsButTheStartAtOnce() {
        var reporter = BatchWaitReporter(line: BatchWaitLine(language: .en), isTerminal: false)
        #expect(reporter.update(nil, table: "list.csv", at: 0) == .line("waiting for an agent (coze-drop watch) to take list.csv…"))
        #expect(reporter.update(Self.progress(done: 0), table: "list.csv", at: 1) == .line("list.csv: 0/500 done, 0 failed"))
        #expect(reporter.update(Self.progress(done: 10, seconds: 1), table: "list.csv", at: 2) == nil)
        #expect(reporter.update(Self.progress(done: 20, seconds: 2), table: "list.csv", at: 5.9) == nil)
        #expect(reporter.update(Self.progress(done: 60, seconds: 6), table: "list.csv", at: 6)
            == .line("list.csv: 60/500 done, 0 failed, 10.0 rows/s, about 44 s left"))
        #expect(reporter.update(Self.progress(done: 60, seconds: 6), table: "list.csv", at: 20) == nil)
    }

    @Test(arguments: [
        ([], [], [BatchStatusEntry](), BatchWatch.State.waiting),
        ([], [], [progress(done: 3)], .running(progress(done: 3))),
        (["list.csv"], [], [progress(done: 500)], .running(progress(done: 500))),
        (["list.results.csv"], [], [], .waiting),
        (["list.csv", "list.results.csv", "list.result.txt"], [], [progress(done: 500)], .finished(resultsName: "list.results.csv")),
        ([], ["list.csv"], [], .refused(summaryName: "list.result.txt", summaryReady: false)),
        ([], ["list.csv", "list.result.txt"], [], .refused(summaryName: "list.result.txt", summaryReady: true)),
        (["other.csv", "other.results.csv"], ["other.csv"], [], .waiting),
    ])
    func theBatchIsFinishedOnlyWhenTheTableAndItsResultsAreInTheOutbox(outbox: [String], failed: [String], batches: [BatchStatusEntry], expected: BatchWatch.State) {
        let others = [BatchStatusEntry(folder: "other", table: "list.csv", total: 1, done: 1)]
        #expect(BatchWatch(folder: "修图", table: "list.csv").state(outbox: outbox, failed: failed, batches: others + batches) == expected)
    }

    @Test(arguments: [
        ("list.csv", Set<String>(), "list.csv"),
        ("list.csv", Set(["list.csv"]), "list_2.csv"),
        ("list.csv", ["list.csv", "list_2.csv"], "list_3.csv"),
        ("list.csv", ["list.results.csv"], "list_2.csv"),
        ("list.csv", ["list.result.txt"], "list_2.csv"),
        ("名单.xlsx", ["名单.xlsx"], "名单_2.xlsx"),
        ("a.b.tsv", ["a.b.tsv"], "a.b_2.tsv"),
    ] as [(String, Set<String>, String)])
    func aTableTakesAFreeNameSoAnEarlierBatchsResultsAreNeverMistakenForItsOwn(name: String, taken: Set<String>, expected: String) {
        #expect(BatchTableName.free(name, taken: taken) == expected)
    }

    @Test func theResultsStatusColumnTellsSuccessFromAnythingElse() {
        let results = TextTable(header: ["image", "status", "output"], rows: [["a.jpg", "success", "x"], ["b.jpg", "failed", ""], ["c.jpg", " success ", ""], ["d.jpg", "", ""]])
        #expect(BatchResultsTally(results: results) == BatchResultsTally(succeeded: 2, failed: 2))
        #expect(!BatchResultsTally(results: results).allSucceeded)
        #expect(BatchResultsTally(results: TextTable(header: ["status"], rows: [["success"]])).allSucceeded)
        #expect(BatchResultsTally(results: TextTable(header: ["x"], rows: [["success"]])).hasStatusColumn == false)
    }

    @Test func aTablesFilesAreTheFileColumnAndAnyCellNamingAFileNextToIt() {
        let attachments = TableAttachments(
            header: ["image", "note", "logo"],
            rows: [["a.jpg", "b.png", "logo.png"], ["https://example.com/x.jpg", "plain text", "logo.png"], ["gone.jpg", "", ""], ["old.jpg", "", ""], ["", "", ""]],
            rowNumbers: [2, 3, 4, 5, 6], fileParameter: "image", nextToTable: ["a.jpg", "b.png", "logo.png", "unused.txt"], alreadyInFiles: ["old.jpg"])
        #expect(attachments.files == ["a.jpg", "b.png", "logo.png"])
        #expect(attachments.missing == [TableAttachments.Missing(row: 4, column: "image", name: "gone.jpg")])
    }
}
