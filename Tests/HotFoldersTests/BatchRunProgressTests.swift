import CozeAPI
import Foundation
import HotFolders
import OrderedJSON
import Testing
import WorkflowJobs

@Suite struct BatchRunProgressTests {
    static let start = Date(timeIntervalSince1970: 1_764_460_800)  // 2025-11-30 08:00:00 Beijing

    static func running(done: Int = 120, failed: Int = 3, elapsed: Duration = .seconds(12)) -> BatchRunProgress {
        BatchRunProgress(folder: "翻译", table: "orders.xlsx", total: 500, done: done, failed: failed, tokens: 45_210,
                      startedAt: start, updatedAt: start.addingTimeInterval(12.5), elapsed: elapsed)
    }

    @Test func theStatusEntryHasExactlyTheKeysSubmitWaitReads() {
        let entry = Self.running().statusEntry
        #expect(entry == .object([
            JSONMember(key: "folder", value: .string("翻译")),
            JSONMember(key: "table", value: .string("orders.xlsx")),
            JSONMember(key: "total", value: .integer(500)),
            JSONMember(key: "done", value: .integer(120)),
            JSONMember(key: "failed", value: .integer(3)),
            JSONMember(key: "tokens", value: .integer(45_210)),
            JSONMember(key: "started_at", value: .string("2025-11-30T08:00:00.000+08:00")),
            JSONMember(key: "updated_at", value: .string("2025-11-30T08:00:12.500+08:00")),
        ]))
    }

    @Test func theRateAndTimeLeftComeFromTheCountsAndElapsedTime() throws {
        let progress = Self.running()
        #expect(try #require(progress.rowsPerSecond) == 10)
        #expect(progress.timeLeft == .seconds(38))
        #expect(!progress.finished)
    }

    @Test func theProgressTextSaysHowFarInEnglish() {
        #expect(Self.running().text(.en) == """
            orders.xlsx (folder 翻译): running
            Rows: 120 of 500 done (117 succeeded, 3 failed), 380 to go.
            Tokens so far: 45,210
            Speed: 10 rows/s; about 38 s left.
            Started 2025-11-30T08:00:00.000+08:00, updated 2025-11-30T08:00:12.500+08:00.
            Results so far: orders.results.csv (rewritten as rows finish).

            """)
    }

    @Test func theProgressTextSaysHowFarInChinese() {
        #expect(Self.running().text(.zh) == """
            orders.xlsx（文件夹 翻译）：运行中
            行数：已完成 120 / 500（成功 117，失败 3），还剩 380 行。
            已用 token：45,210
            速度：每秒 10 行；大约还需 38 秒。
            开始于 2025-11-30T08:00:00.000+08:00，更新于 2025-11-30T08:00:12.500+08:00。
            目前的结果：orders.results.csv（每完成一行就会重写）。

            """)
    }

    @Test func beforeTheFirstRowFinishesTheSpeedIsNotKnown() {
        let progress = Self.running(done: 0, failed: 0)
        #expect(progress.rowsPerSecond == nil && progress.timeLeft == nil)
        #expect(progress.text(.en).contains("Speed: not known until the first row finishes."))
        #expect(progress.text(.zh).contains("速度：第一行完成后才能估计。"))
    }

    @Test func aFinishedBatchSaysHowLongItTookAndWhereTheFailedRowsAre() {
        let progress = Self.running(done: 500, failed: 3, elapsed: .seconds(3725))
        #expect(progress.finished && progress.timeLeft == .zero)
        let english = progress.text(.en)
        #expect(english.hasPrefix("orders.xlsx (folder 翻译): finished\n"))
        #expect(english.contains("Took 1 h 2 min."))
        #expect(english.contains("Results: orders.results.csv, orders.results.xlsx; the rows that failed are in orders.failed.csv — correct them there and drop that file in again."))
        #expect(progress.text(.zh).contains("失败的行在 orders.failed.csv 中"))
        #expect(!Self.running(done: 500, failed: 0).text(.en).contains("failed.csv"))
    }

    @Test(arguments: [
        (120, Duration.seconds(12), "10 rows/s", "每秒 10 行"),
        (19, Duration.seconds(2), "9.5 rows/s", "每秒 9.5 行"),
        (3, Duration.seconds(60), "3.0 rows/min", "每分钟 3.0 行"),
        (1, Duration.seconds(3600), "0.0 rows/min", "每分钟 0.0 行"),
    ])
    func slowBatchesCountRowsPerMinute(done: Int, elapsed: Duration, english: String, chinese: String) {
        let progress = Self.running(done: done, failed: 0, elapsed: elapsed)
        #expect(progress.text(.en).contains("Speed: \(english);"))
        #expect(progress.text(.zh).contains("速度：\(chinese)；"))
    }

    @Test(arguments: [
        (Duration.seconds(40), "about 40 s left", "大约还需 40 秒"),
        (Duration.seconds(200), "about 3 min 20 s left", "大约还需 3 分 20 秒"),
        (Duration.seconds(7500), "about 2 h 5 min left", "大约还需 2 小时 5 分"),
        (Duration.seconds(3600), "about 1 h left", "大约还需 1 小时"),
    ])
    func timeLeftIsSpokenInHoursMinutesAndSeconds(left: Duration, english: String, chinese: String) {
        // 100 of 200 rows done: what is left takes as long as what is done.
        let progress = BatchRunProgress(folder: "f", table: "t.csv", total: 200, done: 100, startedAt: Self.start, updatedAt: Self.start, elapsed: left)
        #expect(progress.text(.en).contains(english))
        #expect(progress.text(.zh).contains(chinese))
    }
}
