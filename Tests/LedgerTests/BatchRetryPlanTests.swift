import Foundation
import Ledger
import Spreadsheets
import Testing

@Suite struct BatchRetryPlanTests {
    /// `list.csv` had five rows: 2 succeeded, 3 failed by network, 4 was interrupted, 5 waits for an answer, 6 failed on a cell.
    var batch: BatchRetryPlan.Batch {
        let results = TextTable(header: ["city", "序号", "status", "error", "question", "tokens", "duration_ms", "execute_id", "debug_url"], rows: [
            ["Paris", "1", "success", "", "", "10", "5", "1", ""],
            ["Rome", "2", "failed", "network: the connection broke", "", "", "5", "", ""],
            ["Oslo", "3", "failed", "interrupted: stopped", "", "", "5", "", ""],
            ["Lima", "4", "needs_input", "", "Which one?", "", "5", "", ""],
            ["", "5", "failed", "invalid_request: `city` is empty", "", "", "", "", ""],
        ])
        let failed = TextTable(header: ["city", "序号"], rows: [["Rome", "2"], ["Oslo", "3"], ["Lima", "4"], ["", "5"]])
        return BatchRetryPlan.Batch(folder: "weather", stem: "list", table: "list.csv", results: results, failed: failed,
                                    finishedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func theFailedRowsGoBackAsANewTableAndRefusedOnesStay() throws {
        let plan = BatchRetryPlan(batches: [batch], inboxNames: [:], selection: .init(names: ["list.csv"]))
        let item = try #require(plan.items.first)
        #expect(item.path == "inbox/weather/list.retry.csv")
        #expect(item.header == ["city", "序号"])
        #expect(item.rows.map(\.cells) == [["Rome", "2"], ["", "5"]])
        #expect(item.rows.map(\.number) == [3, 6])
        #expect(item.remaining == [["Oslo", "3"], ["Lima", "4"]])
        #expect(plan.refusals.map(\.reason) == [.interrupted, .needsInput])
        #expect(plan.matchedNames == ["list.csv"])
    }

    @Test func forceTakesEveryRowAndKindNarrowsThem() {
        let forced = BatchRetryPlan(batches: [batch], inboxNames: [:], selection: .init(all: true, force: true))
        #expect(forced.items.first?.rows.count == 4)
        #expect(forced.items.first?.remaining == [])
        let network = BatchRetryPlan(batches: [batch], inboxNames: ["weather": ["list.retry.csv"]], selection: .init(all: true, kinds: ["network"]))
        #expect(network.items.first?.rows.map(\.cells) == [["Rome", "2"]])
        #expect(network.items.first?.table == "list.retry2.csv")
        #expect(network.refusals.isEmpty)
    }

    @Test func sinceAndFolderLeaveOtherBatchesAlone() {
        #expect(BatchRetryPlan(batches: [batch], inboxNames: [:], selection: .init(all: true, since: Date(timeIntervalSince1970: 1_900_000_000))).items.isEmpty)
        #expect(BatchRetryPlan(batches: [batch], inboxNames: [:], selection: .init(all: true, folder: "photos")).items.isEmpty)
        #expect(BatchRetryPlan(batches: [batch], inboxNames: [:], selection: .init(names: ["a.json"])).items.isEmpty)
    }

    @Test func aRowEditedInTheFailedTableGoesBackAsItIsNow() {
        var edited = batch
        edited.failed.rows[0] = ["Roma", "2"]
        let plan = BatchRetryPlan(batches: [edited], inboxNames: [:], selection: .init(all: true))
        #expect(plan.items.first?.rows.map(\.cells) == [["Roma", "2"], ["", "5"]])
        #expect(plan.items.first?.rows.first?.number == nil)
    }
}
