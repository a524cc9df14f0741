import Foundation
import OrderedJSON
import Spreadsheets
import Testing

@Suite struct CSVWriterTests {
    @Test func writesUTF8WithAByteOrderMarkCRLFAndQuotesOnlyWhereNeeded() {
        let bytes = CSVWriter().bytes(header: ["名字", "note"], rows: [["张三", "a,b"], ["say \"hi\"", "two\nlines"], ["plain", ""]])
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self)
            == "名字,note\r\n张三,\"a,b\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,\r\n")
        #expect(String(decoding: CSVWriter(byteOrderMark: false).bytes(header: ["a"], rows: [[""]]), as: UTF8.self) == "a\r\n\"\"\r\n")
    }

    @Test func readsBackWhatItWrites() throws {
        let table = TextTable(header: ["a", "b"], rows: [["1\r\n2", "\"x\""], ["", "中"]])
        #expect(try CSVReader().table(bytes: CSVWriter().bytes(table)) == table)
    }

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)))
    func pythonsReaderReadsWhatItWritesIdentically() throws {
        let seed = testSeed()
        var random = SeededGenerator(seed: seed)
        let pieces = ["a", "中文", ",", "\t", "\"", "\n", "\r", "\r\n", " ", "=1+2", "😀"]
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: "\t")] {
            let width = Int.random(in: 1...5, using: &random)
            let rows = (0..<30).map { _ in
                (0..<width).map { _ in (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() }
            }
            let header = (0..<width).map { "列\($0)" }
            let bytes = CSVWriter(delimiter: delimiter).bytes(header: header, rows: rows)
            let python = try JSONValue.reference(["csv-parse", delimiter == 9 ? "tab" : ","], input: bytes)
            #expect(python["records"]?.rows == [header] + rows, "seed \(seed) (SPREADSHEETS_SEED)")
        }
    }
}
