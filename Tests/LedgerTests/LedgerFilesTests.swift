import Foundation
import Ledger
import TestSupport
import Testing

/// The writer and the reader on real folders.
@Suite struct LedgerFilesTests {
    @Test func eachAgentAppendsToItsOwnMonthFileAndTheHeaderIsWrittenOnce() throws {
        let folder = try TemporaryFolder()
        let first = LedgerLine(time: beijing("2026-11-30T10:00:00"), folder: "photos", sourceFile: "a.json", status: "success",
                               durationMilliseconds: 10, totalTokens: 3)
        var second = first
        second.sourceFile = "b.json"
        var december = first
        december.time = beijing("2026-12-01T00:00:01")
        let a = LedgerWriter(root: folder.path, agent: "a")
        let b = LedgerWriter(root: folder.path, agent: "b")
        try a.append(first)
        try a.append(second)
        try b.append(second)
        try a.append(december)
        #expect(folder.names(in: "ledger") == ["2026-11.a.csv", "2026-11.b.csv", "2026-12.a.csv"])
        let text = try folder.read("ledger/2026-11.a.csv")
        #expect(text.components(separatedBy: "time,folder").count == 2)
        #expect(text.components(separatedBy: "\r\n").count == 4)
        let all = LedgerReader(root: folder.path).read()
        #expect(all.problems.isEmpty)
        #expect(all.lines.map(\.sourceFile) == ["a.json", "b.json", "b.json", "a.json"])
        #expect(LedgerReader(root: folder.path).read(months: ["2026-12"]).lines == [december])
    }

    @Test func aLedgerThatCannotBeWrittenSaysWhereAndWhatToCheck() throws {
        let folder = try TemporaryFolder()
        try folder.write("a file where the folder should be", to: "ledger")
        let line = LedgerLine(time: Date(), folder: "", sourceFile: "a.json", status: "success", durationMilliseconds: 1)
        #expect {
            try LedgerWriter(root: folder.path, agent: "a").append(line)
        } throws: { error in
            "\(error)".contains("cannot write the ledger \(folder.path)/ledger/") && "\(error)".contains("Check that the folder exists")
        }
    }

    @Test func theReaderReadsEveryAgentsFilesAndNamesTheLinesItSkips() {
        let contents = LedgerReader(root: Fixture.root).read()
        #expect(contents.lines.map(\.sourceFile) == ["old.json", "list.csv", "list.csv", "a, b.json", "list.csv", "b.json"])
        #expect(contents.problems == ["ledger/2026-11.agent-b.csv row 4: not a ledger line (time, status or duration_ms missing)"])
        #expect(LedgerReader(root: Fixture.root).read(months: ["2026-10"]).lines.map(\.sourceFile) == ["old.json"])
    }
}
