import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import Spreadsheets
import TestSupport
import Testing

/// Tables dropped into workflow folders: one run per row, results tables back, through the agent
/// with the real URLSession transport against the simulator on 127.0.0.1, on real folders.
@Suite struct WorkflowFolderBatchTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
        try folder.write(#"{"workflow_id": "5150", "mode": "sync", "parameters": {"style": "short"}}"#, to: "inbox/Orders/workflow.json")
    }

    func runOnce(concurrency: Int = 4) async {
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, token: "pat_batch-test") {
            $0.identity = AgentIdentity(id: "me", host: "here", pid: getpid())
            $0.concurrency = concurrency
        }
    }

    func table(_ path: String) throws -> TextTable {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + path))
        return try TableReader().table(fileName: path, bytes: Array(bytes))
    }

    static let gbk = String.Encoding(rawValue: 0x8000_0632)

    @Test func aFiftyRowGBKTableRunsEachRowOnceAndComesBackAsResultsTables() async throws {
        var text = "序号,name,_simulate\r\n"
        for row in 1...50 {
            text += row == 7 ? "7,坏的,\"{\"\"fail\"\": \"\"no such city\"\"}\"\r\n" : "\(row),名字\(row),\r\n"
        }
        try folder.write(try #require(text.data(using: Self.gbk)), to: "inbox/Orders/orders.csv")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.syncRuns == 50)
        let sent = try simulator.statistics.startedParameters.map { try JSONParser().parse($0) }
        #expect(Set(sent.compactMap { $0["name"]?.stringValue }).count == 50)
        #expect(sent.allSatisfy { $0["style"] == .string("short") })
        #expect(folder.names(in: "inbox/Orders") == ["workflow.json"])
        #expect(folder.names(in: "outbox/Orders") == ["orders.csv", "orders.failed.csv", "orders.response.json", "orders.results.csv", "orders.results.jsonl"])
        let results = try table("outbox/Orders/orders.results.csv")
        #expect(results.rows.count == 50)
        let status = try #require(results.header.firstIndex(of: "status"))
        #expect(results.rows.filter { $0[status] == "success" }.count == 49)
        #expect(results.rows[6][status] == "failed")
        #expect(results.rows[0][1] == "名字1")
        let failed = try table("outbox/Orders/orders.failed.csv")
        #expect(failed.header == ["序号", "name", "_simulate"])
        #expect(failed.rows.map { $0[0] } == ["7"])
        let lines = try folder.read("outbox/Orders/orders.results.jsonl").split(separator: "\n")
        #expect(lines.count == 50)
        #expect(folder.names(in: "processing/me").isEmpty)
    }

    @Test func anXLSXTableGetsAnXLSXResultsTable() async throws {
        let bytes = try XLSXWriter().bytes(header: ["city", "days"], rows: [
            [.text("北京"), .number(3)], [.text("上海"), .number(2)], [.text("杭州"), .number(5)],
        ])
        try folder.write(Data(bytes), to: "inbox/Orders/trips.xlsx")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.syncRuns == 3)
        #expect(folder.names(in: "outbox/Orders") == ["trips.response.json", "trips.results.csv", "trips.results.jsonl", "trips.results.xlsx", "trips.xlsx"])
        let results = try table("outbox/Orders/trips.results.xlsx")
        #expect(results.rows.map { $0[0] } == ["北京", "上海", "杭州"])
        let status = try #require(results.header.firstIndex(of: "status"))
        #expect(results.rows.allSatisfy { $0[status] == "success" })
    }

    @Test func aSecondTableOfTheSameNameKeepsTheFirstOnesResults() async throws {
        try folder.write("name\r\nfirst\r\n", to: "inbox/Orders/list.csv")
        await runOnce()
        try folder.write("name\r\nsecond\r\n", to: "inbox/Orders/list.csv")
        await runOnce()
        defer { simulator.stop() }
        let names = folder.names(in: "outbox/Orders")
        #expect(names.filter { $0.hasSuffix(".results.csv") }.count == 2, "\(names)")
        #expect(try table("outbox/Orders/list.results.csv").rows.map { $0[0] } == ["first"])
        // The second is filed under one new name, its table and its results tables alike.
        let second = try #require(names.first { $0.hasPrefix("list_") && $0.hasSuffix(".results.csv") })
        let stem = String(second.dropLast(".results.csv".count))
        #expect(try table("outbox/Orders/\(second)").rows.map { $0[0] } == ["second"])
        #expect(names.contains("\(stem).csv"))
        #expect(names.contains("\(stem).response.json"))
        #expect(names.contains("\(stem).results.jsonl"))
    }

    @Test func aRefusedTableGoesToFailedWithWhatToFixAndNothingRuns() async throws {
        try folder.write("name,city\r\n", to: "inbox/Orders/empty.csv")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.syncRuns == 0)
        #expect(folder.names(in: "failed/Orders") == ["empty.csv", "empty.response.json"])
        let record = try JSONParser().parse(try folder.read("failed/Orders/empty.response.json"))
        #expect(record["error"]?["message"]?.stringValue?.contains("no rows under it") == true)
        #expect(try folder.read("failed/Orders/empty.result.txt").contains("no rows under it"))
    }

    @Test func aRowThatAsksAQuestionGetsAnAnswerFileThatRunsWhenDroppedBack() async throws {
        try folder.write("name,_simulate\r\nA,\r\nB,\"{\"\"interrupt\"\": \"\"Which size?\"\"}\"\r\n", to: "inbox/Orders/sizes.csv")
        await runOnce()
        let results = try table("outbox/Orders/sizes.results.csv")
        let status = try #require(results.header.firstIndex(of: "status"))
        #expect(results.rows.map { $0[status] } == ["success", "needs_input"])
        #expect(folder.names(in: "outbox/Orders").contains("sizes-row3.answer.json"))
        // Filled in and dropped back into the folder, it continues that row's run.
        let template = try JSONParser().parse(try folder.read("outbox/Orders/sizes-row3.answer.json"))
        var members = try #require(template.objectMembers)
        if let index = members.firstIndex(where: { $0.key == "resume" }), var resume = members[index].value.objectMembers,
           let answer = resume.firstIndex(where: { $0.key == "answer" }) {
            resume[answer].value = .string("large")
            members[index].value = .object(resume)
        }
        try folder.write(JSONWriter().string(from: .object(members)), to: "inbox/Orders/sizes-row3.answer.json")
        await runOnce()
        defer { simulator.stop() }
        // The answer file is filed next to the template it was made from (under a name with the time).
        let record = try #require(folder.names(in: "outbox/Orders").first { $0.hasPrefix("sizes-row3.answer") && $0.hasSuffix(".response.json") })
        let answered = try JSONParser().parse(try folder.read("outbox/Orders/\(record)"))
        #expect(answered["status"] == .string("success"))
    }
}
