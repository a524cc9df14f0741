import Foundation
import OrderedJSON
import Spreadsheets
import Testing

@Suite struct XLSXWriterTests {
    static let header = ["名字", "数量", "说明"]
    static let rows: [[XLSXWriter.Cell]] = [
        [.text("张三"), .number(30), .text("a, \"b\"\nc")],
        [.text(" 前后空格 "), .number(-0.25), .text("")],
        [.text("&<>'\""), .number(12_345_678_901), .text("制表\t符")],
        [.text("控制\u{1}字符"), .number(1e-5), .text("_x0041_ 原样")],
        [.text("😀"), .number(3.5), .text("重复")],
        [.text("重复"), .text("重复"), .text("重复")],
    ]
    /// The cells as the reader shows them.
    static let expected: [[String]] = [
        ["张三", "30", "a, \"b\"\nc"],
        [" 前后空格 ", "-0.25", ""],
        ["&<>'\"", "12345678901", "制表\t符"],
        ["控制\u{1}字符", "1e-05", "_x0041_ 原样"],
        ["😀", "3.5", "重复"],
        ["重复", "重复", "重复"],
    ]

    @Test(arguments: [false, true])
    func readsBackWhatItWrites(sharedStrings: Bool) throws {
        let bytes = try XLSXWriter(sheetName: "结果", sharedStrings: sharedStrings).bytes(header: Self.header, rows: Self.rows)
        let table = try XLSXReader().table(bytes: bytes)
        #expect(table.header == Self.header)
        #expect(table.rows == Self.expected)
        let archive = try ZipArchive(bytes: bytes)
        #expect((archive.entry(named: "xl/sharedStrings.xml") != nil) == sharedStrings)
    }

    @Test(.enabled(if: PythonReference.hasOpenpyxl, Comment(rawValue: PythonReference.missingOpenpyxl)), arguments: [false, true])
    func openpyxlReadsTheSameCells(sharedStrings: Bool) throws {
        let bytes = try XLSXWriter(sheetName: "结果", sharedStrings: sharedStrings).bytes(header: Self.header, rows: Self.rows)
        var expected = [Self.header] + Self.expected
        // openpyxl shows Excel's _xHHHH_ escapes as written (Excel shows the character), but
        // undoes the escaped underscore in shared strings.
        expected[4][0] = "控制_x0001_字符"
        if !sharedStrings { expected[4][2] = "_x005F_x0041_ 原样" }
        let rows = try JSONValue.reference(["xlsx-read"], input: bytes).rows
        #expect(rows == expected, "openpyxl read \(rows)")
    }

    @Test(.enabled(if: PythonReference.hasOpenpyxl, Comment(rawValue: PythonReference.missingOpenpyxl)))
    func openpyxlReadsAThousandRowTableWrittenAsText() throws {
        let table = TextTable(header: ["序号", "内容"], rows: (1...1_000).map { ["\($0)", "第\($0)行 " + String(repeating: "数据", count: $0 % 7)] })
        let bytes = try XLSXWriter().bytes(table)
        #expect(try JSONValue.reference(["xlsx-read"], input: bytes).rows == [table.header] + table.rows)
    }

    @Test func refusesACellLongerThanExcelAllows() {
        #expect { try XLSXWriter().bytes(header: ["a"], rows: [[.text(String(repeating: "字", count: 32_768))]]) } throws: {
            let error = $0 as! SpreadsheetError
            return error.code == .cellTooLarge && error.row == 2 && error.column == 1 && error.message.contains("32,767")
        }
    }

    @Test func refusesMoreColumnsThanASheetHolds() {
        #expect { try XLSXWriter().bytes(header: (0...16_384).map { "c\($0)" }, rows: []) } throws: {
            ($0 as! SpreadsheetError).code == .tooManyColumns
        }
    }

    @Test func writesASheetNameExcelAccepts() throws {
        let bytes = try XLSXWriter(sheetName: "a/b:c*[d]?" + String(repeating: "长", count: 40)).bytes(header: ["x"], rows: [])
        let workbook = try #require(try ZipArchive(bytes: bytes).contents(named: "xl/workbook.xml"))
        #expect(String(decoding: workbook, as: UTF8.self).contains("name=\"a_b_c__d__" + String(repeating: "长", count: 21) + "\""))
    }
}
