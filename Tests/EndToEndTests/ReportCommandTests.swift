import Foundation
import Ledger
import TestSupport
import Testing

/// `coze-drop report` over ledgers written by two agents.
@Suite struct ReportCommandTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        let now = Date()
        let lines = [
            LedgerLine(time: now.addingTimeInterval(-3600), folder: "photos", sourceFile: "list.csv", batchRow: 2, status: "success",
                       durationMilliseconds: 1200, inputTokens: 100, outputTokens: 50, totalTokens: 150, workflowID: "7400000000000001234"),
            LedgerLine(time: now.addingTimeInterval(-1800), folder: "photos", sourceFile: "list.csv", batchRow: 3, status: "failed",
                       errorKind: "network", durationMilliseconds: 300, workflowID: "7400000000000001234"),
            LedgerLine(time: now.addingTimeInterval(-30 * 86400), folder: "photos", sourceFile: "old.json", status: "success",
                       durationMilliseconds: 5, totalTokens: 1000),
        ]
        try LedgerWriter(root: folder.path, agent: "a").append(lines[0])
        try LedgerWriter(root: folder.path, agent: "b").append(lines[1])
        try LedgerWriter(root: folder.path, agent: "a").append(lines[2])
    }

    @Test func theTableShowsTheLastSevenDaysOfEveryAgent() async throws {
        let outcome = try await BuiltCommand.run(["report", "--root", folder.path, "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.error)")
        let rows = outcome.output.components(separatedBy: "\n")
        #expect(rows[0].hasPrefix("folder  runs  succeeded  failed  failures_by_kind"))
        #expect(rows.contains { $0.hasPrefix("photos     2          1       1  network 1") && $0.hasSuffix("150     300    1200") })
        #expect(!outcome.output.contains("1150"))
    }

    @Test func csvAndJSONAreForScriptsAndBadFlagsSayWhatIsAllowed() async throws {
        let csv = try await BuiltCommand.run(["report", "--root", folder.path, "--since", "60d", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.output.contains("total,3,2,1,network 1,100,50,1150,300,1200\r\n"))
        let json = try await BuiltCommand.run(["report", "--root", folder.path, "--by", "workflow", "--format", "json"])
        #expect(json.status == 0)
        #expect(json.output.contains("\"7400000000000001234\""))
        let bad = try await BuiltCommand.run(["report", "--root", folder.path, "--since", "last week"])
        #expect(bad.status == 2)
        #expect(bad.error.contains("`--since` must be a span such as 7d or 12h, or a date such as 2026-11-01"))
    }
}
