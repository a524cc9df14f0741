import DropFolder
import Foundation
import Testing
import TestSupport

/// Retention on real folders in a temporary directory: what moves where, what stays, crashes and two agents.
@Suite struct RetentionKeeperTests {
    let folder: TemporaryFolder
    let events = RecordingEventSink()
    /// 2026-11-30 12:00 Beijing.
    let now = Date(timeIntervalSince1970: 1_796_011_200)

    init() throws {
        folder = try TemporaryFolder()
    }

    var root: String { folder.path + "/shared" }

    func keeper(_ id: String = "host-a-1-aa", keepDays: Int = 7, archive: Bool = true, fileSystem: any FileSystem = LocalFileSystem(),
                events: RecordingEventSink? = nil) -> RetentionKeeper {
        RetentionKeeper(layout: FolderLayout(root: root), identity: AgentIdentity(id: id, host: "host-a", pid: 1), keepDays: keepDays, archive: archive,
                        fileSystem: fileSystem, wallClock: { [now] in now }, events: events ?? self.events, isProcessAlive: { _ in true })
    }

    /// A filed job: request, record finished at `finished` (Beijing), summary, and any more files.
    func job(_ stem: String, in place: String, finished: String, more: [String] = []) throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "shared/\(place)/\(stem).json")
        try folder.write(#"{"status": "success", "finished_at": "\#(finished).000+08:00", "source_file": "\#(stem).json"}"#,
                         to: "shared/\(place)/\(stem).response.json")
        try folder.write("done", to: "shared/\(place)/\(stem).result.txt")
        for suffix in more { try folder.write("more", to: "shared/\(place)/\(stem)\(suffix)") }
    }

    func names(_ path: String) -> [String] { folder.names(in: "shared/\(path)", summaries: true) }

    @Test func oldJobsAreArchivedWholeAndYoungOnesAndProcessingStay() throws {
        try job("old", in: "outbox", finished: "2026-10-15T09:00:00", more: [".p.jpg", ".stream.txt", ".answer.json"])
        try job("new", in: "outbox", finished: "2026-11-29T09:00:00")
        try job("bad", in: "failed/photos", finished: "2026-11-02T09:00:00", more: [".output.txt"])
        try job("stuck", in: "processing/host-z-1-zz", finished: "2026-01-01T00:00:00")
        try folder.write("x", to: "shared/inbox/ancient.json")

        let outcome = keeper().runOnce()
        #expect(outcome.turn == .mine)
        #expect(outcome.archived == 2)
        #expect(outcome.kept == 1)
        #expect(names("outbox") == ["new.json", "new.response.json", "new.result.txt"])
        #expect(names("archive/2026-10/outbox") == ["old.answer.json", "old.json", "old.p.jpg", "old.response.json", "old.result.txt", "old.stream.txt"])
        #expect(names("archive/2026-11/failed/photos") == ["bad.json", "bad.output.txt", "bad.response.json", "bad.result.txt"])
        #expect(names("failed/photos").isEmpty)
        #expect(names("processing/host-z-1-zz") == ["stuck.json", "stuck.response.json", "stuck.result.txt"])
        #expect(names("inbox") == ["ancient.json"])
        #expect(!names("archive").contains(".moving") || names("archive/.moving").isEmpty)
        // Each job is a console line and a line in the agent's log under archive/.
        #expect(events.lines.contains("outbox/old: older than keep_days, archived (6 files) → archive/2026-10/outbox/old"))
        let log = try folder.read("shared/archive/retention.host-a-1-aa.log")
        #expect(log.split(separator: "\n").count == 2)
        #expect(log.contains("\tarchived\tfailed/photos/bad\tarchive/2026-11/failed/photos/bad\t4"))
        #expect(try folder.read("shared/archive/2026-10/outbox/old.p.jpg") == "more")
    }

    @Test func aFiledBatchMovesTogether() throws {
        try job("march", in: "outbox/orders", finished: "2026-10-02T08:00:00",
                more: [".results.csv", ".results.jsonl", ".failed.csv"])
        try folder.write("{}", to: "shared/outbox/orders/march-row2.answer.json")
        try folder.write("{}", to: "shared/outbox/orders/other-row2.answer.json")
        #expect(keeper().runOnce().archived == 1)
        #expect(names("outbox/orders") == ["other-row2.answer.json"])
        #expect(names("archive/2026-10/outbox/orders") == ["march-row2.answer.json", "march.failed.csv", "march.json", "march.response.json",
                                                          "march.result.txt", "march.results.csv", "march.results.jsonl"])
    }

    @Test func withoutArchivingOldJobsAreDeleted() throws {
        try job("old", in: "failed", finished: "2026-10-15T09:00:00", more: [".p.jpg"])
        try job("new", in: "failed", finished: "2026-11-29T09:00:00")
        let outcome = keeper(archive: false).runOnce()
        #expect(outcome.deleted == 1)
        #expect(names("failed") == ["new.json", "new.response.json", "new.result.txt"])
        #expect(names("archive") == ["retention.host-a-1-aa.log"])
        #expect(events.lines.contains("failed/old: older than keep_days, deleted (4 files)"))
    }

    @Test func aNameAlreadyInTheArchiveMovesTheJobUnderAnotherAndReplacesNothing() throws {
        try folder.write("earlier", to: "shared/archive/2026-10/outbox/old.json")
        try folder.write("{}", to: "shared/archive/2026-10/outbox/old.response.json")
        try job("old", in: "outbox", finished: "2026-10-15T09:00:00")
        #expect(keeper().runOnce().archived == 1)
        #expect(names("archive/2026-10/outbox") == ["old.json", "old.response.json", "old_2.json", "old_2.response.json", "old_2.result.txt"])
        #expect(try folder.read("shared/archive/2026-10/outbox/old.json") == "earlier")
    }

    @Test func aJobAMoveLeftHalfwayIsFinishedOnTheNextPass() throws {
        // A crash left: the request in the archive, the summary parked by the dead agent, the record still in outbox.
        try job("old", in: "outbox", finished: "2026-10-15T09:00:00", more: [".p.jpg"])
        try FileManager.default.createDirectory(atPath: root + "/archive/2026-10/outbox", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/archive/.moving/host-q-5-dd/2026-10/outbox", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: root + "/outbox/old.json", toPath: root + "/archive/2026-10/outbox/old.json")
        try FileManager.default.moveItem(atPath: root + "/outbox/old.result.txt", toPath: root + "/archive/.moving/host-q-5-dd/2026-10/outbox/old.result.txt")

        let outcome = keeper().runOnce()
        #expect(outcome.finishedStaged == 1)
        #expect(outcome.archived == 1)
        #expect(names("outbox").isEmpty)
        #expect(names("archive/2026-10/outbox") == ["old.json", "old.p.jpg", "old.response.json", "old.result.txt"])
        #expect(names("archive/.moving").isEmpty)
    }

    @Test func aMoveThatFailsLeavesTheJobFindableAndTheNextPassFinishesIt() throws {
        try job("old", in: "outbox", finished: "2026-10-15T09:00:00")
        let disk = FaultyFileSystem()
        try FileManager.default.createDirectory(atPath: root + "/archive/2026-10/outbox", withIntermediateDirectories: true)
        disk.breakWrites(into: root + "/archive/2026-10/outbox")
        let first = keeper(fileSystem: disk).runOnce()
        #expect(first.leftForLater == 1)
        #expect(names("outbox") == ["old.json", "old.response.json", "old.result.txt"])
        #expect(events.lines.contains { $0.hasPrefix("problem: retention: cannot put outbox/old.json at archive/2026-10/outbox/old.json") })
        disk.heal()
        #expect(keeper(fileSystem: disk).runOnce().archived == 1)
        #expect(names("archive/2026-10/outbox") == ["old.json", "old.response.json", "old.result.txt"])
    }

    @Test func ofTwoAgentsOnlyTheOneWithTheSmallestIdMoves() throws {
        try job("old", in: "outbox", finished: "2026-10-15T09:00:00")
        for id in ["host-a-1-aa", "host-b-2-bb"] {
            try folder.write(#"{"agent": "\#(id)", "host": "elsewhere", "pid": 1, "beat": 4, "state": "running"}"#, to: "shared/processing/\(id)/agent.lease")
        }
        let second = keeper("host-b-2-bb").runOnce()
        #expect(second.turn == .waits(for: "host-a-1-aa"))
        #expect(names("outbox").count == 3)
        #expect(keeper("host-a-1-aa").runOnce().archived == 1)
        #expect(names("outbox").isEmpty)
    }

    @Test func twoAgentsRunningAtOnceLoseNothing() throws {
        for index in 0..<60 {
            try job("job\(index)", in: index.isMultiple(of: 2) ? "outbox" : "failed/photos", finished: "2026-10-15T09:00:00", more: [".p.jpg"])
        }
        // Neither sees the other's lease: both believe it is their turn.
        let keepers = [keeper("host-a-1-aa", events: RecordingEventSink()), keeper("host-b-2-bb", events: RecordingEventSink())]
        DispatchQueue.concurrentPerform(iterations: 2) { index in _ = keepers[index].runOnce() }
        #expect(names("outbox").isEmpty && names("failed/photos").isEmpty)
        let archived = names("archive/2026-10/outbox") + names("archive/2026-10/failed/photos")
        #expect(archived.count == 60 * 4)
        #expect(Set(archived.map { $0.split(separator: ".")[0] }).count == 60)
        #expect(!archived.contains { $0.contains("_2") })
        #expect(names("archive/.moving").isEmpty)
    }
}

@Suite struct RetentionScheduleTests {
    @Test func keeperPassesAtStartAndAgainEachInterval() async throws {
        let folder = try TemporaryFolder()
        let root = folder.path + "/shared"
        let events = RecordingEventSink()
        let clock = ManualClock(sleepsAdvanceTime: false)
        let keeper = RetentionKeeper(layout: FolderLayout(root: root), identity: AgentIdentity(id: "a", host: "h", pid: 1), keepDays: 1, archive: true,
                                     fileSystem: LocalFileSystem(), wallClock: { Date(timeIntervalSince1970: 1_796_011_200) }, events: events)
        let task = Task { await keeper.keep(every: .seconds(3600), clock: clock, once: false) }
        while clock.sleeps.isEmpty { await Task.yield() }
        try folder.write(#"{"finished_at": "2026-10-15T09:00:00.000+08:00"}"#, to: "shared/outbox/old.response.json")
        #expect(folder.names(in: "shared/outbox") == ["old.response.json"])
        clock.advance(by: .seconds(3600))
        while clock.sleeps.count < 2 { await Task.yield() }
        #expect(folder.names(in: "shared/archive/2026-10/outbox") == ["old.response.json"])
        #expect(clock.sleeps == [.seconds(3600), .seconds(3600)])
        task.cancel()
        clock.advance(by: .seconds(3600))
        await task.value
    }
}
