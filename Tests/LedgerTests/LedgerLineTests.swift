import Foundation
@testable import Ledger
import OrderedJSON
import Spreadsheets
import TestSupport
import Testing

@Suite struct LedgerLineTests {
    let line = LedgerLine(
        time: beijing("2026-11-30T16:00:02"), folder: "照片", sourceFile: "list, \"final\".csv", batchRow: 7, status: "failed",
        errorKind: "network", durationMilliseconds: 1234, inputTokens: 10, outputTokens: 5, totalTokens: 15,
        executeID: "7401", logID: "2026113016000201", workflowID: "7400000000000001234", job: "j20261130160000-3-k2x9")

    @Test func aNewFileStartsWithTheHeaderAndAByteOrderMarkThenOneQuotedLine() {
        let text = String(decoding: line.csv(startingFile: true), as: UTF8.self)
        #expect(text == "\u{FEFF}time,folder,source_file,batch_row,status,error_kind,duration_ms,input_tokens,output_tokens,total_tokens,execute_id,logid,workflow_id,job\r\n"
            + "2026-11-30T16:00:02.000+08:00,照片,\"list, \"\"final\"\".csv\",7,failed,network,1234,10,5,15,7401,2026113016000201,7400000000000001234,j20261130160000-3-k2x9\r\n")
        #expect(String(decoding: line.csv(startingFile: false), as: UTF8.self).hasPrefix("2026-11-30T16:00:02.000+08:00,照片,"))
    }

    @Test func aLineReadsBackAsItWasWrittenEvenWithColumnsInAnotherOrder() throws {
        let table = try TableReader().table(fileName: "l.csv", bytes: line.csv(startingFile: true))
        #expect(LedgerLine(cells: table.rows[0], header: table.header) == line)
        let shuffled = LedgerLine(cells: ["failed", "2026-11-30T08:00:02Z", "1234"], header: ["status", "time", "duration_ms"])
        #expect(shuffled == LedgerLine(time: line.time, folder: "", sourceFile: "", status: "failed", durationMilliseconds: 1234))
        #expect(LedgerLine(cells: ["yesterday", "failed", "1"], header: ["time", "status", "duration_ms"]) == nil)
    }

    @Test func aRecordBecomesItsLineWithCozesUsageAndTheWorkflow() throws {
        // A record as the agent writes it (`ResultRecord`), with `usage` verbatim from the docs' sync-run example.
        let usage = try #require(try JSONParser().parse(bytes: ConformanceFixture("hosted/workflow_run_sync.json").bytes)["body"]?["usage"])
        var record = try JSONParser().parse(#"""
            {"status": "failed", "mode": "sync", "request": {"workflow_id": "7400000000000001234", "parameters": {}},
             "execute_id": "7401", "logid": "2026113016000201",
             "error": {"kind": "network", "message": "…"}, "started_at": "2026-11-30T16:00:00.766+08:00",
             "finished_at": "2026-11-30T16:00:02.000+08:00", "duration_ms": 1234}
            """#)
        record = .object((record.objectMembers ?? []) + [JSONMember(key: "usage", value: usage)])
        let made = LedgerLine(record: record, folder: "照片", sourceFile: "a.json", batchRow: nil, job: "j1")
        #expect(made == LedgerLine(time: line.time, folder: "照片", sourceFile: "a.json", status: "failed", errorKind: "network",
                                   durationMilliseconds: 1234, inputTokens: 50, outputTokens: 100, totalTokens: 150, executeID: "7401",
                                   logID: "2026113016000201", workflowID: "7400000000000001234", job: "j1"))
        #expect(LedgerLine(record: .object(["status": .string("success")]), folder: "", sourceFile: "a.json", batchRow: nil, job: "j1") == nil)
    }

    @Test func aLastLineCutShortByACrashIsLeftOutAndSaid() {
        var bytes = line.csv(startingFile: true)
        var second = line
        second.sourceFile = "b.json"
        bytes += second.csv(startingFile: false).dropLast(9)
        let contents = LedgerReader.contents(of: bytes, fileName: "2026-11.a.csv", place: "ledger/2026-11.a.csv")
        #expect(contents.lines == [line])
        #expect(contents.problems == ["ledger/2026-11.a.csv: its last line is unfinished (written when a crash happened) and is left out"])
        #expect(LedgerReader.contents(of: Array(line.csv(startingFile: true).prefix(20)), fileName: "2026-11.a.csv", place: "p").lines.isEmpty)
    }

    @Test func theFileIsNamedByAgentAndBeijingMonth() {
        // 2026-11-30T16:30Z is already December in Beijing.
        #expect(LedgerFile.relativePath(time: Date(timeIntervalSince1970: 1_796_056_200), agent: "nas-1") == "ledger/2026-12.nas-1.csv")
        #expect(LedgerFile.month(ofFileNamed: "2026-11.agent-a.csv") == "2026-11")
        #expect(LedgerFile.month(ofFileNamed: "notes.txt") == nil)
        #expect(LedgerFile.month(ofFileNamed: "2026-11.csv.partial") == nil)
    }

    @Test(arguments: [("7d", -7 * 86400.0), ("12h", -12 * 3600.0), ("0.5d", -43200.0)])
    func sinceCountsBackFromNow(text: String, offset: Double) {
        let now = beijing("2026-11-30T12:00:00")
        #expect(ReportPeriod.start(text, now: now) == now.addingTimeInterval(offset))
    }

    @Test func sinceADateStartsAtItsBeijingMidnight() {
        #expect(ReportPeriod.start("2026-11-01", now: Date()) == beijing("2026-11-01T00:00:00"))
        #expect(ReportPeriod.start("last week", now: Date()) == nil)
    }
}
