import Foundation
import Spreadsheets
import TestSupport
import Testing

/// The batch form of `coze-drop retry`, with the built binary against the simulator on real folders.
@Suite struct RetryBatchTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        try folder.write(#"{"workflow_id": "5150", "mode": "sync"}"#, to: "shared/inbox/Orders/workflow.json")
    }

    var root: String { folder.path + "/shared" }

    func watchOnce() async throws {
        let watch = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(watch.status == 0, "\(watch.error)")
    }

    func table(_ path: String) throws -> TextTable {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))
        return try TableReader().table(fileName: path, bytes: Array(bytes))
    }

    /// orders.csv: rows 2 and 4 succeed, row 3 fails.
    func failARow() async throws {
        try folder.write("序号,name,_simulate\r\n1,甲,\r\n2,乙,\"{\"\"fail\"\": \"\"no such city\"\"}\"\r\n3,丙,\r\n", to: "shared/inbox/Orders/orders.csv")
        try await watchOnce()
        #expect(try table("outbox/Orders/orders.failed.csv").rows.map { $0[0] } == ["2"])
    }

    @Test func aBatchWithAFailedRowRetriedRunsOnlyThatRow() async throws {
        try await failARow()
        let retry = try await BuiltCommand.run(["retry", "--root", root, "orders.csv", "--lang", "en"])
        #expect(retry.status == 0, "\(retry.error)")
        #expect(retry.output.contains("outbox/Orders/orders.failed.csv: 1 row(s) (3) → inbox/Orders/orders.retry.csv; the earlier results stay in outbox/Orders/orders.results.csv."))
        #expect(folder.names(in: "shared/inbox/Orders") == ["orders.retry.csv", "workflow.json"])
        #expect(!folder.names(in: "shared/outbox/Orders").contains("orders.failed.csv"))
        #expect(try table("inbox/Orders/orders.retry.csv").rows.map { $0[0] } == ["2"])

        try await watchOnce()
        let results = try table("outbox/Orders/orders.retry.results.csv")
        #expect(results.rows.map { $0[0] } == ["2"])
        // Once retried, the batch is not retried again (its rows are in the new table's results now).
        let again = try await BuiltCommand.run(["retry", "--root", root, "orders", "--lang", "en"])
        #expect(again.status == 1)
        #expect(again.error.contains("orders: no such failed request"))
    }

    @Test func aDroppedFailedTableRunsAsATable() async throws {
        try await failARow()
        try FileManager.default.copyItem(atPath: root + "/outbox/Orders/orders.failed.csv", toPath: root + "/inbox/Orders/orders.failed.csv")
        try await watchOnce()
        // The first batch's orders.failed.csv is still in outbox/, so the dropped one is filed under a new name.
        let results = try #require(folder.names(in: "shared/outbox/Orders").first { $0.hasPrefix("orders.failed_") && $0.hasSuffix(".results.csv") })
        #expect(try table("outbox/Orders/\(results)").rows.map { $0[0] } == ["2"])
    }

    @Test func interruptedRowsAreRefusedUnlessForcedAndStayInTheFailedTable() async throws {
        try folder.write("name,status,error,question,tokens,duration_ms,execute_id,debug_url\r\nA,failed,interrupted: stopped,,,,7,\r\nB,failed,network: reset,,,,,\r\n",
                         to: "shared/outbox/Orders/list.results.csv")
        try folder.write("name\r\nA\r\nB\r\n", to: "shared/outbox/Orders/list.failed.csv")
        let retry = try await BuiltCommand.run(["retry", "--root", root, "--all", "--lang", "en"])
        #expect(retry.status == 1)
        #expect(retry.error.contains("row 2 not retried: its run was interrupted and may have finished on Coze"))
        #expect(try table("inbox/Orders/list.retry.csv").rows == [["B"]])
        #expect(try table("outbox/Orders/list.failed.csv").rows == [["A"]])
        let forced = try await BuiltCommand.run(["retry", "--root", root, "list", "--force", "--lang", "en"])
        #expect(forced.status == 0, "\(forced.error)")
        #expect(try table("inbox/Orders/list.retry2.csv").rows == [["A"]])
        #expect(!folder.names(in: "shared/outbox/Orders").contains("list.failed.csv"))
        #expect(folder.names(in: "shared/outbox/Orders").allSatisfy { !$0.hasPrefix(".") })
    }
}
