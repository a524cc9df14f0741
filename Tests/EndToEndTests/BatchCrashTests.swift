#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CozeSimulator
import Foundation
import Ledger
import OrderedJSON
import Spreadsheets
import TestSupport
import Testing

/// A real agent process killed with SIGKILL in the middle of a batch, then started again: every
/// row is in the results exactly once, and no row was sent twice.
@Suite(.serialized) struct BatchCrashTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    var agentArguments: [String] { BuiltCommand.fastAgent(root: folder.path, simulator: simulator) }

    static let environment = BuiltCommand.testToken

    @Test func killingTheAgentInTheMiddleOfABatchRunsNoRowTwiceAndLosesNoRow() async throws {
        try folder.write(#"{"workflow_id": "77", "mode": "sync", "parameters": {}}"#, to: "inbox/Big/workflow.json")
        var text = "n,_simulate\n"
        for row in 1...200 { text += "\(row),\"{\"\"delay_ms\"\": \(30 + row % 20)}\"\n" }
        try folder.write(text, to: "inbox/Big/rows.csv")
        let agent = try BuiltCommand.start(agentArguments, environment: Self.environment)
        // Watched from a thread of its own, so a busy test run cannot make the kill come late.
        let pid = agent.process.processIdentifier
        let simulator = self.simulator
        let watcher = Thread {
            for _ in 0..<15_000 where simulator.statistics.syncRuns < 40 { usleep(2000) }
            kill(pid, SIGKILL)
        }
        watcher.start()
        _ = await agent.finish()
        let before = simulator.statistics.syncRuns
        #expect(before >= 40 && before < 200, "killed after \(before) runs")
        let drain = try await BuiltCommand.run(agentArguments + ["--once"], environment: Self.environment)
        #expect(drain.status == 0, "\(drain.error)")
        defer { simulator.stop() }
        #expect(simulator.statistics.duplicateStarts == 0)
        #expect(folder.names(in: "inbox/Big") == ["workflow.json"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/outbox/Big/rows.results.csv"))
        let results = try TableReader().table(fileName: "rows.results.csv", bytes: Array(bytes))
        #expect(results.rows.map { $0[0] } == (1...200).map(String.init))
        let status = try #require(results.header.firstIndex(of: "status"))
        let succeeded = results.rows.filter { $0[status] == "success" }.map { $0[0] }
        let sent = Set(try simulator.statistics.startedParameters.map { try JSONParser().parse($0)["n"]?.stringValue ?? "" })
        // Every row that succeeded was sent once; the only others are rows the kill caught while
        // they were being sent (reported as interrupted, never sent again).
        #expect(succeeded.allSatisfy(sent.contains))
        let interrupted = results.rows.filter { $0[status] != "success" }
        #expect(interrupted.count <= 8)
        #expect(interrupted.allSatisfy { $0.joined().contains("interrupted") })
        let leftovers = FileManager.default.enumerator(atPath: folder.path + "/processing")?.allObjects as? [String] ?? []
        #expect(leftovers.isEmpty, "left in processing: \(leftovers.prefix(5))")
        // One ledger line per row, none for the table itself, none lost or doubled across the kill.
        let ledger = LedgerReader(root: folder.path).read()
        #expect(ledger.lines.compactMap(\.batchRow).sorted() == Array(2...201), "\(ledger.lines.count) lines")
        #expect(ledger.lines.allSatisfy { $0.folder == "Big" && $0.sourceFile == "rows.csv" })
        #expect(ledger.lines.filter { $0.status != "success" }.count == interrupted.count)
        print("batch crash test: 200 rows, killed after \(before) runs, \(simulator.statistics.syncRuns) runs in all, \(interrupted.count) interrupted, 0 duplicates")
    }
}
