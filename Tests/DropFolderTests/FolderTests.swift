import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import Synchronization
import TestSupport
import Testing

private let fixedDate = Date(timeIntervalSince1970: 1_729_217_975)

@Test func aResultNeverOverwritesAnEarlierOneWithTheSameName() throws {
    let folder = try TemporaryFolder()
    try folder.write("old request", to: "outbox/report.json")
    try folder.write("old record", to: "outbox/report.response.json")
    let settler = ResultSettler(fileSystem: LocalFileSystem(), wallClock: { fixedDate })
    for round in 1...3 {
        let files = JobFiles(folder: folder.path + "/processing", jobID: "j\(round)")
        try folder.write("request \(round)", to: "processing/j\(round).json")
        try folder.write("record \(round)", to: "processing/j\(round).response.json")
        _ = try settler.settle(files, entry: JournalEntry(jobID: "j\(round)", name: "report.json", phase: .claiming), destination: "outbox", in: folder.path + "/outbox")
    }
    #expect(folder.names(in: "processing").isEmpty)
    #expect(folder.names(in: "outbox") == [
        "report.json", "report.response.json",
        "report_20241018101935.json", "report_20241018101935.response.json",
        "report_20241018101935_2.json", "report_20241018101935_2.response.json",
        "report_20241018101935_3.json", "report_20241018101935_3.response.json",
    ].sorted())
    #expect(try folder.read("outbox/report.json") == "old request")
    #expect(try folder.read("outbox/report_20241018101935_2.json") == "request 2")
    #expect(try folder.read("outbox/report_20241018101935_2.response.json") == "record 2")
}

@Test func aSettleThatKnowsTheJobsFilesKeepsRequestRecordAndSummaryTogetherAndStillNeverOverwrites() throws {
    let folder = try TemporaryFolder()
    try folder.write("old summary", to: "outbox/report.result.txt")
    let settler = ResultSettler(fileSystem: LocalFileSystem(), wallClock: { fixedDate })
    let known = ResultSettler.KnownFiles(request: true, record: true, companions: [".result.txt"], possibleCompanions: [".stream.txt"])
    for round in 1...2 {
        let files = JobFiles(folder: folder.path + "/processing", jobID: "j\(round)")
        try folder.write("request \(round)", to: "processing/j\(round).json")
        try folder.write("record \(round)", to: "processing/j\(round).response.json")
        try folder.write("summary \(round)", to: "processing/j\(round).result.txt")
        _ = try settler.settle(files, entry: JournalEntry(jobID: "j\(round)", name: "report.json", phase: .claiming), destination: "outbox",
                               in: folder.path + "/outbox", known: known)
    }
    #expect(folder.names(in: "processing").isEmpty)
    #expect(folder.names(in: "outbox", summaries: true) == [
        "report.result.txt",
        "report_20241018101935.json", "report_20241018101935.response.json", "report_20241018101935.result.txt",
        "report_20241018101935_2.json", "report_20241018101935_2.response.json", "report_20241018101935_2.result.txt",
    ].sorted())
    #expect(try folder.read("outbox/report.result.txt") == "old summary")
    #expect(try folder.read("outbox/report_20241018101935_2.result.txt") == "summary 2")
}

@Test func aNoReplaceMoveRefusesAnExistingTarget() throws {
    let folder = try TemporaryFolder()
    let source = try folder.write("new", to: "a.json")
    let target = try folder.write("old", to: "b.json")
    #expect(throws: FileSystemError.self) { try LocalFileSystem().moveWithoutReplacing(from: source, to: target) }
    #expect(try folder.read("b.json") == "old")
    #expect(try folder.read("a.json") == "new")
}

@Test func refusesToReadAFileOverTheLimitBeforeReadingIt() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write(String(repeating: " ", count: 2048), to: "big.json")
    #expect {
        _ = try LocalFileSystem().readFile(path, limit: 1024)
    } throws: { error in (error as? FileSystemError)?.code == .tooLarge }
}

@Test func aLostClaimRaceIsPassedOverQuietly() async throws {
    let folder = try TemporaryFolder()
    try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
    let script = ScriptedTransport([])
    let events = RecordingEventSink()
    let rivals = FaultyFileSystem()
    rivals.rivalClaims(from: folder.path + "/inbox")
    var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
    configuration.once = true
    configuration.settle = .zero
    configuration.interval = .milliseconds(10)
    let agent = DropAgent(
        configuration: configuration, client: CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport),
        fileSystem: rivals, clock: ManualClock(), events: events)
    await agent.run()
    #expect(script.sent.isEmpty)
    #expect(folder.names(in: "failed").isEmpty)
    #expect(folder.names(in: "outbox").isEmpty)
    #expect(!events.lines.contains { $0.contains("problem") || $0.contains("failed") })
    #expect(folder.names(in: "processing").isEmpty)
}

@Test func aFileStillBeingWrittenIsNotTouchedUntilItSettles() async throws {
    let folder = try TemporaryFolder()
    try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
    let clock = ManualClock(sleepsAdvanceTime: false)
    let script = ScriptedTransport([.json(200, #"{"code":0,"data":"{}"}"#)])
    let events = RecordingEventSink()
    var configuration = AgentConfiguration(layout: FolderLayout(root: folder.path))
    configuration.settle = .seconds(2)
    configuration.interval = .seconds(3600)
    let agent = DropAgent(
        configuration: configuration, client: CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport),
        clock: clock, events: events)
    let running = Task { await agent.run() }
    // First sight, then scans while the file grows and once it is still for less than the window.
    await agent.scanNow()
    clock.advance(by: .seconds(1))
    try folder.write(#"{"workflow_id": "1", "parameters": {}}"#, to: "inbox/a.json")
    await agent.scanNow()
    clock.advance(by: .milliseconds(1999))
    await agent.scanNow()
    #expect(folder.names(in: "inbox") == ["a.json"])
    #expect(script.sent.isEmpty)
    clock.advance(by: .milliseconds(1))
    await agent.scanNow()
    try await waitUntil { folder.names(in: "outbox").count == 2 }
    agent.stop()
    _ = await running.value
    #expect(folder.names(in: "inbox").isEmpty)
    #expect(script.sent.count == 1)
}

/// Waits (yielding, not sleeping on a clock the test asserts on) until `condition` holds.
private func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<2000 where !condition() {
        try await Task.sleep(for: .milliseconds(5))
    }
    #expect(condition())
}
