@testable import DropFolder
import TestSupport
import Testing

/// A job's journal moves only forward through its phases, so a restart can always tell whether a
/// call may have reached Coze.
struct JournalPhaseTests {
    typealias Phase = JournalEntry.Phase

    static let allowed: Set<[Phase]> = [
        [.claiming, .sending], [.claiming, .settling],
        [.sending, .sending], [.sending, .started], [.sending, .settling],
        [.started, .sending], [.started, .settling],
        [.settling, .settling],
    ]

    static let allPairs: [[Phase]] = {
        let phases: [Phase] = [.claiming, .sending, .started, .settling]
        return phases.flatMap { from in phases.map { [from, $0] } }
    }()

    @Test(arguments: allPairs)
    func onlyTheMovesThatKeepRecoverySafeAreAllowed(pair: [Phase]) {
        var entry = JournalEntry(jobID: "j1", name: "a.json", phase: pair[0])
        let expected = Self.allowed.contains(pair)
        #expect(entry.phase.allows(pair[1]) == expected)
        do {
            try entry.move(to: pair[1])
            #expect(expected, "moved from \(pair[0]) to \(pair[1])")
            #expect(entry.phase == pair[1])
        } catch {
            #expect(!expected)
            #expect(error == JournalEntry.IllegalMove(from: pair[0], to: pair[1]))
            #expect(entry.phase == pair[0])
        }
    }

    @Test func anExecuteIDIsJournaledOnlyAfterTheCallWasJournaledAsSent() async throws {
        let folder = try TemporaryFolder()
        let fileSystem = LocalFileSystem()
        let files = JobFiles(folder: folder.path, jobID: "j1")
        let claimed = JournalEntry(jobID: "j1", name: "a.json", phase: .claiming)
        try JobJournal.write(claimed, of: files, to: fileSystem)

        let skipping = JobJournal(fileSystem: fileSystem, files: files, entry: claimed)
        await skipping.started(executeID: "exec-1", startResponse: nil)
        #expect(JobJournal.read(files, from: fileSystem) == claimed)

        let journal = JobJournal(fileSystem: fileSystem, files: files, entry: claimed)
        try await journal.willSend()
        await journal.started(executeID: "exec-2", startResponse: nil)
        let written = try #require(JobJournal.read(files, from: fileSystem))
        #expect(written.phase == .started)
        #expect(written.executeID == "exec-2")
    }

    @Test func aJobBeingFiledCannotBeSentAgain() async throws {
        let folder = try TemporaryFolder()
        let files = JobFiles(folder: folder.path, jobID: "j1")
        var settling = JournalEntry(jobID: "j1", name: "a.json", phase: .claiming)
        try settling.move(to: .settling)
        let journal = JobJournal(fileSystem: LocalFileSystem(), files: files, entry: settling)
        await #expect(throws: JournalEntry.IllegalMove(from: .settling, to: .sending)) { try await journal.willSend() }
    }
}
