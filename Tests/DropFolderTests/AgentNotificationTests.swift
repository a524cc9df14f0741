import CozeAPI
import DropFolder
import Foundation
import Notifications
import OrderedJSON
import Synchronization
import TestSupport
import Testing

/// What the agent tells chat groups about jobs a restart finishes and results it cannot write:
/// a recording webhook transport (nothing leaves the process).
@Suite struct AgentNotificationTests {
    /// Collects the events of every webhook message.
    final class Hook: Sendable {
        let events = Mutex<[JSONValue]>([])
        /// The files each URL path heard about.
        let files = Mutex<[String: [String]]>([:])
        var transport: HTTPTransport {
            { request in
                let body = (try? JSONParser().parse(bytes: Array(request.body ?? Data()))) ?? .null
                let events = body["events"]?.arrayValue ?? []
                self.events.withLock { $0 += events }
                self.files.withLock { $0[request.url.path, default: []] += events.compactMap { $0["file"]?.stringValue } }
                return HTTPResponse(status: 204, body: Data())
            }
        }

        func events(about file: String) -> [JSONValue] { events.withLock { $0 }.filter { $0["file"]?.stringValue == file } }
        func events(of kind: String) -> [JSONValue] { events.withLock { $0 }.filter { $0["kind"]?.stringValue == kind } }
    }

    let folder: TemporaryFolder
    let passingClock = ManualClock()
    /// For agents that run until stopped: time moves only when the test says so.
    let clock = ManualClock(sleepsAdvanceTime: false)
    let events = RecordingEventSink()
    let hook = Hook()

    init() throws {
        folder = try TemporaryFolder()
    }

    func agent(_ script: ScriptedTransport, once: Bool = true, rootTargets: Bool = true, fileSystem: any FileSystem = LocalFileSystem()) -> DropAgent {
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = once
        configuration.settle = .zero
        configuration.interval = once ? .milliseconds(10) : .seconds(3600)
        configuration.concurrency = 1
        configuration.maximumRequestsPerSecond = 0
        configuration.identity = AgentIdentity(id: "me", host: "here", pid: 1)
        let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
        let target = NotificationTarget(service: .webhook, url: URL(string: "http://127.0.0.1:9/hook")!, on: Set(NotificationEvent.Kind.allCases))
        let transport = hook.transport
        let notifier = AgentNotifier(dispatcher: NotificationDispatcher(targets: rootTargets ? [target] : [], transport: transport), language: .en, folder: "shared",
                                     makeDispatcher: { targets in NotificationDispatcher(targets: targets, transport: transport) })
        return DropAgent(configuration: configuration, client: client, fileSystem: fileSystem, clock: once ? passingClock : clock, events: events,
                         random: { 0.5 }, isProcessAlive: { _ in false }, notifications: notifier)
    }

    /// Leaves a job whose record was written and whose move had begun when its agent died.
    func leaveSettlingJob(_ jobID: String, name: String, record: String, destination: String) throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "processing/old/\(jobID).json")
        try folder.write(record, to: "processing/old/\(jobID).response.json")
        var entry = JournalEntry(jobID: jobID, name: name, phase: .settling)
        entry.destination = destination
        entry.settledStem = String(name.dropLast(".json".count))
        try folder.write(JSONWriter().string(from: entry.json), to: "processing/old/\(jobID).state.json")
    }

    @Test func aJobFiledAfterARestartIsToldAsItsRecordSaysOnce() async throws {
        let lease = AgentLease(agent: "old", host: "here", pid: 99, beat: 1, running: false)
        try folder.write(JSONWriter().string(from: lease.json), to: "processing/old/agent.lease")
        try leaveSettlingJob("j1", name: "ask.json", record: """
            {"status": "needs_input", "execute_id": "e1", "logid": "log-1", "question": {"text": "Which city?", "node_title": "Ask"}}
            """, destination: "outbox")
        try leaveSettlingJob("j2", name: "broken.json", record: """
            {"status": "failed", "execute_id": "e2", "error": {"kind": "workflow_failed", "message": "the model timed out"}}
            """, destination: "failed")
        try leaveSettlingJob("j3", name: "fine.json", record: #"{"status": "success", "execute_id": "e3"}"#, destination: "outbox")
        let script = ScriptedTransport([])
        let summary = await agent(script).run()

        #expect(summary.unsettled == 0, "\(events.lines)")
        #expect(script.sent.isEmpty)
        #expect(folder.names(in: "outbox").contains("ask.response.json"))
        let ask = hook.events(about: "ask.json")
        #expect(ask.map { $0["kind"] } == [.string("needs_input")])
        #expect(ask.first?["text"]?.stringValue == "ask.json in shared waits for an answer: Which city? Fill in ask.answer.json and drop it back into the folder.")
        #expect(ask.first?["logid"] == .string("log-1"))
        let broken = hook.events(about: "broken.json")
        #expect(broken.map { $0["kind"] } == [.string("failed")])
        #expect(broken.first?["error"]?["kind"] == .string("workflow_failed"))
        #expect(broken.first?["text"]?.stringValue?.contains("the model timed out") == true)
        #expect(hook.events(about: "fine.json").map { $0["kind"] } == [.string("succeeded")])
    }

    @Test func resultsThatCannotBeWrittenAreOneProblemNotOnePerJob() async throws {
        let disk = FaultyFileSystem()
        disk.breakWrites(endingWith: ".response.json")
        for name in ["a", "b", "c"] { try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/\(name).json") }
        let ok = ScriptedTransport.Answer.json(200, #"{"code":0,"data":"{}"}"#)
        let summary = await agent(ScriptedTransport([ok, ok, ok]), fileSystem: disk).run()

        #expect(summary.unsettled == 3, "\(events.lines)")
        let problems = hook.events(of: "agent_problem")
        #expect(problems.count == 1, "\(problems)")
        let text = problems.first?["text"]?.stringValue ?? ""
        #expect(text.contains("results cannot be written (Input/output error)"))
        #expect(text.contains("kept by the agent and written as soon as possible"))
        #expect(hook.events(of: "failed").isEmpty && hook.events(of: "succeeded").isEmpty)
    }

    func folderSettings(hook path: String) -> String {
        #"{"workflow_id": "1", "notify": [{"type": "webhook", "url": "http://127.0.0.1:9/\#(path)", "on": ["failed"]}]}"#
    }

    @Test func aChangedNotifyInWorkflowJSONTakesEffectAtTheNextScan() async throws {
        try folder.write(folderSettings(hook: "first"), to: "inbox/Orders/workflow.json")
        try folder.write(#"{"parameters": {}}"#, to: "inbox/Orders/a.json")
        let refused = ScriptedTransport.Answer.json(200, #"{"code":4000,"msg":"bad parameter"}"#)
        let agent = agent(ScriptedTransport([refused, refused]), once: false, rootTargets: false)
        let running = Task { _ = await agent.run() }
        func waitForRecord(_ name: String) async throws {
            for _ in 0..<2000 where !folder.names(in: "failed/Orders").contains(name) {
                await agent.scanNow()
                clock.advance(by: .seconds(1))
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        try await waitForRecord("a.response.json")
        try folder.write(folderSettings(hook: "second"), to: "inbox/Orders/workflow.json")
        try folder.write(#"{"parameters": {}}"#, to: "inbox/Orders/b.json")
        try await waitForRecord("b.response.json")
        agent.stop()
        await running.value
        #expect(hook.files.withLock { $0 } == ["/first": ["a.json"], "/second": ["b.json"]], "\(events.lines)")
    }
}
