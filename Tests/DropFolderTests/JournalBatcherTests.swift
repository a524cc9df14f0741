import CozeAPI
@testable import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// The `sending` phase of jobs that call Coze together, written as one batch file.
@Suite struct JournalBatcherTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test func jobsSendingTogetherAreJournaledInBatchesThatGoOnceNoJobNeedsThem() async throws {
        try FileManager.default.createDirectory(atPath: folder.path + "/processing/me", withIntermediateDirectories: true)
        let batcher = JournalBatcher(fileSystem: LocalFileSystem(), stamp: { "20241018101935" })
        let jobs = (1...20).map { JobFiles(folder: folder.path + "/processing/me", jobID: "j\($0)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for files in jobs {
                group.addTask { try await batcher.write(JournalEntry(jobID: files.jobID, name: "\(files.jobID).json", phase: .sending), of: files) }
            }
            try await group.waitForAll()
        }
        // A job that came alone has its own journal; the others share batch files.
        let names = folder.names(in: "processing/me")
        #expect(names.filter(JournalBatcher.isBatch).count + names.filter { $0.hasSuffix(".state.json") }.count == names.count)
        let batched = JournalBatcher.entries(in: folder.path + "/processing/me", names: names, from: LocalFileSystem())
        for files in jobs {
            #expect(JournalBatcher.latest(JobJournal.read(files, from: LocalFileSystem()), batched[files.jobID])?.phase == .sending)
        }
        for files in jobs { batcher.release(files) }
        #expect(!folder.names(in: "processing/me").contains(where: JournalBatcher.isBatch))
    }

    @Test func aJobsOwnJournalAndItsBatchedEntryGiveTheLaterPhase() {
        let claiming = JournalEntry(jobID: "j1", name: "a.json", phase: .claiming)
        let sending = JournalEntry(jobID: "j1", name: "a.json", phase: .sending)
        let settling = JournalEntry(jobID: "j1", name: "a.json", phase: .settling)
        #expect(JournalBatcher.latest(claiming, sending) == sending)
        #expect(JournalBatcher.latest(settling, sending) == settling)
        #expect(JournalBatcher.latest(nil, sending) == sending)
        #expect(JournalBatcher.latest(claiming, nil) == claiming)
    }

    @Test func anAgentTakingOverAFolderReadsItsBatchJournalsKeepsTheDroppedNamesAndSendsNothingThatMayHaveGoneOut() async throws {
        let owner = "processing/old"
        try folder.write(JSONWriter().string(from: AgentLease(agent: "old", host: "here", pid: 99, beat: 1, running: false).json), to: "\(owner)/agent.lease")
        for (job, name) in [("j1", "in-flight.json"), ("j2", "claimed.json")] {
            try folder.write(#"{"workflow_id": "1"}"#, to: "\(owner)/\(job).json")
            try folder.write(JSONWriter().string(from: JournalEntry(jobID: job, name: name, phase: .claiming).json), to: "\(owner)/\(job).state.json")
        }
        let batch = JSONValue.object(["entries": .array([JournalEntry(jobID: "j1", name: "in-flight.json", phase: .sending).json])])
        try folder.write(JSONWriter().string(from: batch), to: "\(owner)/b20241018101935-1-x.journal")
        // Claimed under a claim journaled ahead by the scan that found it ready: no journal of its own.
        try folder.write(#"{"workflow_id": "1"}"#, to: "\(owner)/j3.json")
        let claims = JSONValue.object(["entries": .array([JournalEntry(jobID: "j3", name: "planned.json", phase: .claiming).json,
                                                          JournalEntry(jobID: "j4", name: "taken-by-another.json", phase: .claiming).json])])
        try folder.write(JSONWriter().string(from: claims), to: "\(owner)/c20241018101935-4.journal")
        var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
        configuration.once = true
        configuration.settle = .zero
        configuration.interval = .milliseconds(10)
        configuration.maximumRequestsPerSecond = 0
        configuration.identity = AgentIdentity(id: "me", host: "here", pid: 1)
        let script = ScriptedTransport([.json(200, #"{"code":0,"data":"{}"}"#), .json(200, #"{"code":0,"data":"{}"}"#)])
        let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
        let agent = DropAgent(configuration: configuration, client: client, clock: ManualClock(), events: RecordingEventSink(),
                              random: { 0.5 }, isProcessAlive: { _ in false })
        await agent.run()
        #expect(script.sent.filter { $0.method == "POST" }.count == 2)
        #expect(folder.names(in: "outbox") == ["claimed.json", "claimed.response.json", "planned.json", "planned.response.json"])
        #expect(folder.names(in: "failed") == ["in-flight.json", "in-flight.response.json"])
        #expect(folder.names(in: "processing").isEmpty)
    }
}
