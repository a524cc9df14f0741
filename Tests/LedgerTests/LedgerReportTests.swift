import Foundation
import Ledger
import OrderedJSON
import Testing

/// The report over the fixture ledger (two agents, October and November).
@Suite struct LedgerReportTests {
    let lines = LedgerReader(root: Fixture.root).read().lines

    @Test func byFolderCountsRunsFailuresByKindTokensAndPercentiles() throws {
        let report = LedgerReport(lines: lines, since: beijing("2026-11-01T00:00:00"), grouping: .folder)
        #expect(report.rows.map(\.key) == ["(inbox)", "photos"])
        let photos = report.rows[1]
        #expect(photos.runs == 4 && photos.succeeded == 1 && photos.failed == 3)
        #expect(photos.failuresByKind.map { "\($0.kind) \($0.count)" } == ["interrupted 1", "network 1", "timeout 1"])
        #expect(photos.inputTokens == 120 && photos.outputTokens == 60 && photos.totalTokens == 180)
        #expect(photos.p50Milliseconds == 1200 && photos.p95Milliseconds == 60000)
        #expect(report.total.runs == 5 && report.total.totalTokens == 195)
        #expect(report.total.p50Milliseconds == 1200 && report.total.p95Milliseconds == 60000)
    }

    @Test func byDayUsesBeijingDaysAndWithoutSinceTakesEverything() {
        let report = LedgerReport(lines: lines, since: nil, grouping: .day)
        #expect(report.rows.map(\.key) == ["2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03"])
        #expect(report.rows.map(\.runs) == [1, 2, 2, 1])
    }

    @Test func byWorkflowGroupsByWorkflowID() {
        let report = LedgerReport(lines: lines, since: beijing("2026-11-01T00:00:00"), grouping: .workflow)
        #expect(report.rows.map(\.key) == ["7400000000000001234", "7400000000000009999"])
        #expect(report.rows.map(\.runs) == [4, 1])
    }

    @Test func theTableCSVAndJSONFormsAgree() throws {
        let report = LedgerReport(lines: lines, since: beijing("2026-11-01T00:00:00"), grouping: .folder)
        let table = report.table.components(separatedBy: "\n")
        #expect(table[0].hasPrefix("folder   runs  succeeded  failed  failures_by_kind"))
        #expect(table.last!.hasPrefix("total       5          2       3"))
        let csv = String(decoding: report.csv, as: UTF8.self)
        #expect(csv.contains("photos,4,1,3,\"interrupted 1, network 1, timeout 1\",120,60,180,1200,60000\r\n"))
        let json = report.json
        #expect(json["by"] == .string("folder"))
        #expect(json["rows"]?.arrayValue?.count == 2)
        #expect(json["total"]?["failures_by_kind"]?["network"] == .integer(1))
    }

    @Test func anEmptyPeriodGivesZerosNotACrash() {
        let report = LedgerReport(lines: lines, since: beijing("2027-01-01T00:00:00"), grouping: .folder)
        #expect(report.rows.isEmpty && report.total.runs == 0 && report.total.p95Milliseconds == 0)
        #expect(report.table.contains("total"))
    }
}

@Suite struct LedgerReportTableTests {
    @Test func chineseFolderNamesKeepTheColumnsAligned() {
        let time = beijing("2026-11-30T10:00:00")
        let lines = [
            LedgerLine(time: time, folder: "修图", sourceFile: "a.json", status: "success", durationMilliseconds: 5, totalTokens: 150),
            LedgerLine(time: time, folder: "photos", sourceFile: "b.json", status: "success", durationMilliseconds: 5, totalTokens: 150),
        ]
        let rows = LedgerReport(lines: lines, since: nil, grouping: .folder).table.split(separator: "\n").map(String.init)
        // Each row's `runs` column ends in the same terminal column (修图 takes four).
        func end(of row: String) -> Int {
            let prefix = row.prefix { $0 != "1" }
            return prefix.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x4E00 && $1.value <= 0x9FFF ? 2 : 1) }
        }
        let dataRows = rows.filter { $0.hasPrefix("修图") || $0.hasPrefix("photos") }
        #expect(dataRows.count == 2)
        #expect(Set(dataRows.map(end)).count == 1, "\(rows.joined(separator: "\n"))")
    }
}
