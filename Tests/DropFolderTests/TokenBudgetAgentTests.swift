import CozeAPI
import DropFolder
import Foundation
import Ledger
import OrderedJSON
import Synchronization
import TestSupport
import Testing

/// `daily_token_budget` in the agent: today's tokens in every agent's ledger hold new runs back,
/// files wait in the inbox (nothing fails), and work goes on when the budget is raised or the
/// Beijing day changes.
@Suite struct TokenBudgetAgentTests {
    let folder: TemporaryFolder
    let clock = ManualClock(sleepsAdvanceTime: false)
    let passingClock = ManualClock()
    let events = RecordingEventSink()
    /// 2026-11-30 10:00 in Beijing.
    static let morning = Date(timeIntervalSince1970: 1_796_004_000)
    let now = Shared(TokenBudgetAgentTests.morning)
    let budget = Shared<Int?>(1000)

    /// A value the test changes while the agent reads it.
    final class Shared<Value: Sendable>: Sendable {
        private let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func get() -> Value { value.withLock { $0 } }
        func set(_ new: Value) { value.withLock { $0 = new } }
    }

    init() throws {
        folder = try TemporaryFolder()
        // Another agent already used 1,000 tokens today.
        let used = LedgerLine(time: Self.morning.addingTimeInterval(-3600), folder: "", sourceFile: "earlier.json", status: "success",
                              durationMilliseconds: 5, totalTokens: 1000, job: "j0")
        try folder.write(String(decoding: used.csv(startingFile: true), as: UTF8.self), to: "ledger/2026-11.other.csv")
    }

    static let answer = ScriptedTransport.Answer.json(200, #"{"code":0,"data":"{}","usage":{"input_count":1,"output_count":1,"token_count":2}}"#)

    func agent(_ script: ScriptedTransport, once: Bool) -> DropAgent {
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = once
        configuration.settle = .zero
        configuration.interval = once ? .milliseconds(10) : .seconds(3600)
        configuration.maximumRequestsPerSecond = 0
        configuration.identity = AgentIdentity(id: "me", host: "here", pid: 1)
        configuration.dailyTokenBudget = 1000
        let budget = self.budget
        configuration.dailyTokenBudgetReader = { budget.get() }
        let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
        let now = self.now
        return DropAgent(configuration: configuration, client: client, clock: once ? passingClock : clock, wallClock: { now.get() },
                         events: events, random: { 0.5 })
    }

    @Test func filesWaitInTheInboxOnceTheDaysTokensReachTheBudgetAndTheStatusSaysSo() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        let script = ScriptedTransport([Self.answer])
        let summary = await agent(script, once: true).run()
        #expect(script.sent.isEmpty)
        #expect(summary.unsettled == 0)
        #expect(folder.names(in: "inbox") == ["a.json"])
        #expect(folder.names(in: "failed").isEmpty)
        #expect(events.lines.contains { $0.contains("today's tokens (1000) reached daily_token_budget (1000): new files wait in the inbox") }, "\(events.lines)")
        let status = try JSONParser().parse(try folder.read("status.json"))
        let entry = try #require(status["agents"]?.arrayValue?.first)
        #expect(entry["token_budget"]?["reached"] == .bool(true))
        #expect(entry["token_budget"]?["tokens"] == .integer(1000))
        #expect(entry["last_error"]?["message"]?.stringValue?.contains("daily_token_budget") == true)
    }

    @Test func raisingTheBudgetLetsTheWaitingFilesRunWithoutARestart() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        let script = ScriptedTransport([Self.answer])
        let agent = agent(script, once: false)
        let running = Task { _ = await agent.run() }
        await agent.scanNow()
        for _ in 0..<2000 where !events.lines.contains(where: { $0.contains("reached daily_token_budget") }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(folder.names(in: "outbox").isEmpty)
        budget.set(5000)
        // The budget is read again every 15 s.
        for _ in 0..<2000 where folder.names(in: "outbox").count < 2 {
            clock.advance(by: .seconds(15))
            await agent.scanNow()
            try await Task.sleep(for: .milliseconds(5))
        }
        agent.stop()
        await running.value
        #expect(folder.names(in: "outbox") == ["a.json", "a.response.json"])
        #expect(events.lines.contains { $0.contains("the day's token budget allows new runs again") })
        #expect(script.sent.count == 1)
    }

    @Test func theNextBeijingDayStartsFromZero() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        // 16:00 UTC is midnight in Beijing: yesterday's 1,000 tokens no longer count.
        now.set(Self.morning.addingTimeInterval(14 * 3600))
        let script = ScriptedTransport([Self.answer])
        await agent(script, once: true).run()
        #expect(folder.names(in: "outbox") == ["a.json", "a.response.json"])
        #expect(!events.lines.contains { $0.contains("daily_token_budget") })
    }
}
