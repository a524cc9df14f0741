@testable import DropFolder
import Foundation
import Ledger
import TestSupport
import Testing

/// The agent's ledger on a real folder: one file per agent, lines found whichever agent wrote them,
/// the day's tokens added up across agents, and lines that could not be written kept until they can.
@Suite struct AgentLedgerTests {
    let folder: TemporaryFolder
    let events = RecordingEventSink()
    /// 2026-11-30 10:00 in Beijing.
    let morning = Date(timeIntervalSince1970: 1_796_004_000)

    init() throws {
        folder = try TemporaryFolder()
    }

    func line(_ job: String, folder: String = "", tokens: Int?, at time: Date? = nil) -> LedgerLine {
        LedgerLine(time: time ?? morning, folder: folder, sourceFile: "\(job).json", status: "success", durationMilliseconds: 10,
                   totalTokens: tokens, job: job)
    }

    @Test func eachAgentWritesItsOwnFileWithOneHeaderAndReportReadsThemAll() throws {
        let a = AgentLedger(root: folder.path, agent: "a", fileSystem: LocalFileSystem(), events: events)
        let b = AgentLedger(root: folder.path, agent: "b", fileSystem: LocalFileSystem(), events: events)
        a.write(line("j1", tokens: 5), unlessWrittenBy: .thisAgent)
        a.write(line("j2", tokens: 7), unlessWrittenBy: .thisAgent)
        b.write(line("j3", tokens: 1), unlessWrittenBy: .thisAgent)
        #expect(folder.names(in: "ledger") == ["2026-11.a.csv", "2026-11.b.csv"])
        let text = try folder.read("ledger/2026-11.a.csv")
        #expect(text.components(separatedBy: "time,folder").count == 2)
        #expect(LedgerReader(root: folder.path).read().lines.map(\.job) == ["j1", "j2", "j3"])
    }

    @Test func aJobsLineIsFoundInAnyAgentsFileAndNotWrittenTwice() throws {
        let dead = AgentLedger(root: folder.path, agent: "dead", fileSystem: LocalFileSystem(), events: events)
        let me = AgentLedger(root: folder.path, agent: "me", fileSystem: LocalFileSystem(), events: events)
        #expect(!me.isWritten(job: "j1", month: "2026-11"))
        dead.write(line("j1", tokens: 5), unlessWrittenBy: .thisAgent)
        // The other file grew after it was first read: it is read again.
        #expect(me.isWritten(job: "j1", month: "2026-11"))
        me.write(line("j1", tokens: 5), unlessWrittenBy: .everyAgent)
        me.write(line("j2", tokens: 5), unlessWrittenBy: .everyAgent)
        me.write(line("j2", tokens: 5), unlessWrittenBy: .everyAgent)
        #expect(LedgerReader(root: folder.path).read().lines.compactMap(\.job).sorted() == ["j1", "j2"])
        #expect(!me.isWritten(job: "j3", month: "2026-11"))
    }

    @Test func todaysTokensAreAddedUpAcrossAgentsAndFolders() {
        let a = AgentLedger(root: folder.path, agent: "a", fileSystem: LocalFileSystem(), events: events)
        let b = AgentLedger(root: folder.path, agent: "b", fileSystem: LocalFileSystem(), events: events)
        a.write(line("j1", folder: "照片", tokens: 100), unlessWrittenBy: .thisAgent)
        a.write(line("j2", tokens: 20), unlessWrittenBy: .thisAgent)
        b.write(line("j3", folder: "照片", tokens: 5), unlessWrittenBy: .thisAgent)
        b.write(line("j4", tokens: nil), unlessWrittenBy: .thisAgent)
        // Yesterday (Beijing) does not count today.
        b.write(line("j5", tokens: 1000, at: morning.addingTimeInterval(-86400)), unlessWrittenBy: .thisAgent)
        let today = a.tokens(onDay: "2026-11-30")
        #expect(today.total == 125)
        #expect(today.byFolder == ["照片": 105, "": 20])
        #expect(b.tokens(onDay: "2026-11-29").total == 1000)
    }

    @Test func aLineThatCannotBeWrittenIsKeptSaidOnceAndWrittenWhenItCan() throws {
        let fileSystem = FaultyFileSystem()
        fileSystem.breakWrites(into: folder.path + "/ledger")
        let ledger = AgentLedger(root: folder.path, agent: "a", fileSystem: fileSystem, events: events)
        ledger.write(line("j1", tokens: 3), unlessWrittenBy: .thisAgent)
        ledger.write(line("j2", tokens: 4), unlessWrittenBy: .thisAgent)
        #expect(ledger.writeUnwritten() == 2)
        #expect(events.lines.filter { $0.contains("cannot add to the ledger") }.count == 1, "\(events.lines)")
        // Kept lines count: for the budget, and as written (a restart's check must not add them again).
        #expect(ledger.tokens(onDay: "2026-11-30").total == 7)
        #expect(ledger.isWritten(job: "j1", month: "2026-11"))
        fileSystem.heal()
        #expect(ledger.writeUnwritten() == 0)
        #expect(ledger.writeUnwritten() == 0)
        #expect(LedgerReader(root: folder.path).read().lines.map(\.job) == ["j1", "j2"])
    }
}
