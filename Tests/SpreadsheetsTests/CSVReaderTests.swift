import Foundation
import OrderedJSON
@testable import Spreadsheets
import Testing

@Suite struct CSVReaderTests {
    private func records(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        var result: [[String]] = []
        try CSVReader(delimiter: delimiter).records(in: text) { _, cells in result.append(cells) }
        return result
    }

    @Test func readsQuotedCellsWithCommasQuotesAndLineBreaks() throws {
        let table = try CSVReader().table(text: "name,note\r\n\"Li, Lei\",\"says \"\"hi\"\"\nthen leaves\"\r\n")
        #expect(table.header == ["name", "note"])
        #expect(table.rows == [["Li, Lei", "says \"hi\"\nthen leaves"]])
        #expect(table.rowNumbers == [2])
    }

    @Test(arguments: ["a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4\n", "a,b\r1,2\r3,4\r", "a,b\n1,2\r\n3,4", "\n\na,b\n\n1,2\n,\n3,4\n\n"])
    func acceptsEveryLineEndAndSkipsEmptyRows(text: String) throws {
        let table = try CSVReader().table(text: text)
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "2"], ["3", "4"]])
    }

    @Test func numbersRowsAsExcelShowsThemCountingEmptyOnesAndMultiLineCells() throws {
        let table = try CSVReader().table(text: "a,b\n\n1,\"x\ny\"\n\n2,z\n")
        #expect(table.rowNumbers == [3, 5])
    }

    @Test func readsTabSeparatedFilesByTheirExtension() throws {
        let table = try CSVReader(forFileNamed: "批量.TSV").table(text: "名字\t说明\n张三\t\"a,b\"\n")
        #expect(table.header == ["名字", "说明"])
        #expect(throws: SpreadsheetError.self) { try CSVReader(forFileNamed: "b.tsv").table(text: "a\tb\n1\t2\t3\n") }
        #expect(throws: SpreadsheetError.self) { try CSVReader(forFileNamed: "x.txt") }
    }

    @Test func ignoresAByteOrderMarkLeftInDecodedText() throws {
        #expect(try CSVReader().table(text: "\u{FEFF}名字\n张三\n").header == ["名字"])
        #expect(try JSONLinesReader().table(text: "\u{FEFF}{\"名字\": 1}").header == ["名字"])
    }

    @Test func padsShortRowsAndDropsEmptyTrailingCells() throws {
        let table = try CSVReader().table(text: " a , b ,c,,\n1\n1,2,3,,\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "", ""], ["1", "2", "3"]])
    }

    @Test func namesTheRowWhereAnUnterminatedQuoteOpened() {
        #expect {
            try CSVReader().table(text: "a,b\n1,2\n3,\"four\n5,6\n")
        } throws: { error in
            let error = error as! SpreadsheetError
            return error.code == .unterminatedQuote && error.row == 3 && error.column == 2 && error.message.contains("line 3")
        }
    }

    @Test func refusesEmptyAndDuplicateHeaderNames() {
        #expect { try CSVReader().table(text: "a,,b\n1,2,3\n") } throws: {
            ($0 as! SpreadsheetError).code == .emptyHeaderName && ($0 as! SpreadsheetError).column == 2
        }
        #expect { try CSVReader().table(text: "a, b,b \n1,2,3\n") } throws: {
            ($0 as! SpreadsheetError).code == .duplicateHeaderName && ($0 as! SpreadsheetError).message.contains("\"b\"")
        }
        #expect { try CSVReader().table(text: "\n\n") } throws: { ($0 as! SpreadsheetError).code == .emptyTable }
    }

    @Test func refusesAValueBeyondTheLastHeaderColumn() {
        #expect { try CSVReader().table(text: "a,b\n1,2\n1,2,3\n") } throws: {
            let error = $0 as! SpreadsheetError
            return error.code == .rowWiderThanHeader && error.row == 3 && error.column == 3 && error.message.contains("3 (C)")
        }
    }

    @Test func stopsAtTheLimitsOfRowsColumnsAndCellSize() {
        let limits = TableLimits(maximumRows: 2, maximumColumns: 3, maximumCellBytes: 8)
        #expect { try CSVReader(limits: limits).table(text: "a\n1\n2\n3\n") } throws: {
            ($0 as! SpreadsheetError).code == .tooManyRows && ($0 as! SpreadsheetError).row == 4
        }
        #expect { try CSVReader(limits: limits).table(text: "a,b,c,d\n") } throws: {
            ($0 as! SpreadsheetError).code == .tooManyColumns
        }
        #expect { try CSVReader(limits: limits).table(text: "a\n123456789\n") } throws: {
            ($0 as! SpreadsheetError).code == .cellTooLarge && ($0 as! SpreadsheetError).row == 2
        }
        #expect { try CSVReader(limits: limits).table(text: "a\n\"12345678\n9") } throws: {
            ($0 as! SpreadsheetError).code == .cellTooLarge
        }
    }

    @Test func defaultsToAHundredThousandRowsAndOneMegabyteCells() {
        #expect(TableLimits().maximumRows == 100_000)
        #expect(TableLimits().maximumCellBytes == 1 << 20)
    }

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)))
    func readsWhatPythonsCSVWriterWritesAsPythonsReaderDoes() throws {
        let seed = testSeed()
        let corpus = try JSONValue.reference(["csv-corpus", String(seed), "60"])
        for (index, item) in (corpus.arrayValue ?? []).enumerated() {
            let text = item["text"]!.stringValue!
            let delimiter = item["delimiter"]!.stringValue!.utf8.first!
            #expect(try records(text, delimiter: delimiter) == item["records"]!.rows,
                    "seed \(seed) (SPREADSHEETS_SEED), case \(index): \(text.debugDescription)")
        }
    }

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)))
    func agreesWithPythonsReaderOnRandomFragmentsOfCSV() throws {
        let seed = testSeed()
        var random = SeededGenerator(seed: seed)
        let pieces = ["a", ",", "\"", "\"\"", "\n", "\r", "\r\n", "中", " "]
        let texts = (0..<300).map { _ in
            (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        let answers = try JSONValue.reference(["csv-parse", ",", "batch"], input: JSONValue.array(texts.map { .string($0) }).compactBytes)
        for (text, python) in zip(texts, answers.arrayValue ?? []) {
            if let expected = python["records"] {
                #expect(try records(text) == expected.rows, "seed \(seed): \(text.debugDescription)")
            } else {
                // Python's strict reader fails on text after a closing quote (we keep it, as its
                // default reader does) and at an unclosed quote (we fail too).
                do {
                    _ = try records(text)
                    #expect(python["error"]?.stringValue?.contains("expected after") == true, "seed \(seed): \(text.debugDescription)")
                } catch {
                    #expect((error as? SpreadsheetError)?.code == .unterminatedQuote)
                    let reason = python["error"]?.stringValue ?? ""
                    #expect(reason.contains("unexpected end of data") || reason.contains("expected after"), "seed \(seed): \(text.debugDescription)")
                }
            }
        }
    }
}
