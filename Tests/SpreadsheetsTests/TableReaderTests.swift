import Spreadsheets
import Testing

@Suite struct TableReaderTests {
    @Test func choosesTheFormatByTheFileExtension() throws {
        let expected = TextTable(header: ["a", "b"], rows: [["1", "x y"]])
        #expect(try TableReader().table(fileName: "t.CSV", bytes: Array("a,b\n1,x y\n".utf8)) == expected)
        #expect(try TableReader().table(fileName: "t.tsv", bytes: Array("a\tb\n1\tx y\n".utf8)) == expected)
        #expect(try TableReader().table(fileName: "t.jsonl", bytes: Array("{\"a\":1,\"b\":\"x y\"}\n".utf8)).rows == expected.rows)
        let xlsx = try XLSXWriter().bytes(header: ["a", "b"], rows: [[.number(1), .text("x y")]])
        #expect(try TableReader().table(fileName: "表.xlsx", bytes: xlsx) == expected)
    }

    @Test func refusesOtherExtensionsNamingTheOnesItReads() {
        #expect { try TableReader().table(fileName: "old.xls", bytes: []) } throws: {
            let error = $0 as! SpreadsheetError
            return error.code == .unsupportedFileType && error.message.contains(".xlsx")
        }
        #expect(TableFormat(fileName: "noextension") == nil)
        #expect(TableFormat(fileName: "a.ndjson") == .jsonl)
    }
}
