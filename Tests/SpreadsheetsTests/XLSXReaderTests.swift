import Foundation
import OrderedJSON
import Spreadsheets
import Testing

@Suite struct XLSXReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    @Test func readsTheWorkbookOpenpyxlWrote() throws {
        let table = try XLSXReader().table(bytes: Self.fixture("openpyxl.xlsx"))
        #expect(table.header == ["名字", "年龄", "分数", "通过", "说明", "备注", "合计"])
        #expect(table.rows == [
            ["张三", "30", "91.5", "TRUE", "", "第一行", "121.5"],
            ["李四", "-7", "0.1", "FALSE", "", "", "2024-05-06"],
            ["王五", "12345678901", "1e-05", "", "跳过的列", "a, \"b\"\nc", "2024-05-06 07:08:09"],
        ])
        #expect(table.rowNumbers == [2, 3, 5])
    }

    @Test func readsAWorkbookShapedAsExcelAndWPSSaveIt() throws {
        let table = try XLSXReader().table(bytes: Self.fixture("excel-shaped.xlsx"))
        // Rich-text runs joined, the header trimmed, the phonetic guide left out.
        #expect(table.header == ["姓名", "城市", "生日", "金额", "结果", "备注"])
        #expect(table.rows == [
            ["张&三 <A>", "東京", "2024-05-06", "1234.5", "张&三 <A>!", "TRUE"],
            ["line1\r\nline2", "", "2024-05-06 07:07:09", "0.30000000000000004", "#DIV/0!", "FALSE"],
            ["无 r 引用", "2500", "", "1900-02-28", "", "0"],
        ])
        #expect(table.rowNumbers == [2, 3, 6])
    }

    @Test(.enabled(if: PythonReference.hasOpenpyxl, Comment(rawValue: PythonReference.missingOpenpyxl)), arguments: ["openpyxl.xlsx", "excel-shaped.xlsx"])
    func agreesWithOpenpyxlOnTheFixtures(name: String) throws {
        let bytes = try Self.fixture(name)
        var expected = try JSONValue.reference(["xlsx-read"], input: bytes).rows.filter { $0.contains { !$0.isEmpty } }
        expected[0] = expected[0].map { $0.trimmingCharacters(in: .whitespaces) }
        let table = try XLSXReader().table(bytes: bytes)
        // openpyxl leaves Excel's _xHHHH_ escapes as they are; Excel shows the character.
        let ours = ([table.header] + table.rows).map { $0.map { $0.replacingOccurrences(of: "\r", with: "_x000D_") } }
        #expect(ours == expected)
    }

    @Test(.enabled(if: PythonReference.hasOpenpyxl, Comment(rawValue: PythonReference.missingOpenpyxl)))
    func readsRandomWorkbooksAsOpenpyxlDoes() throws {
        let seed = testSeed()
        var random = SeededGenerator(seed: seed)
        let texts = ["张三", "a b", " 前后空格 ", "x,y", "\"引号\"", "line\nbreak", "&<>", "😀"]
        var rows: [JSONValue] = [.array((1...6).map { .string("列\($0)") })]
        for _ in 0..<40 {
            rows.append(.array((0..<6).map { _ -> JSONValue in
                switch Int.random(in: 0..<6, using: &random) {
                case 0: .null
                case 1: .bool(Bool.random(using: &random))
                case 2: .integer(Int.random(in: -1_000_000...1_000_000, using: &random))
                case 3: .number(String(Double(Int.random(in: -99_999...99_999, using: &random)) / 64))
                default: .string(texts.randomElement(using: &random)!)
                }
            }))
        }
        let bytes = try PythonReference.run(["xlsx-write"], input: JSONValue.object(["rows": .array(rows)]).compactBytes)
        let expected = try JSONValue.reference(["xlsx-read"], input: bytes).rows.filter { $0.contains { !$0.isEmpty } }
        let table = try XLSXReader().table(bytes: bytes)
        #expect([table.header] + table.rows == expected, "seed \(seed) (SPREADSHEETS_SEED)")
    }

    @Test func explainsWhatIsWrongWithFilesThatAreNotWorkbooks() throws {
        #expect { try XLSXReader().table(bytes: Array("a,b\n".utf8)) } throws: { ($0 as! SpreadsheetError).code == .notAZipArchive }
        var zip = ZipWriter()
        try zip.add("hello.txt", Array("hi".utf8))
        #expect { try XLSXReader().table(bytes: zip.bytes()) } throws: { ($0 as! SpreadsheetError).code == .missingPart }
        var broken = ZipWriter()
        try broken.add("xl/workbook.xml", Array("<workbook><sheets><sheet name=\"a\" r:id=rId1/></sheets>".utf8))
        #expect { try XLSXReader().table(bytes: broken.bytes()) } throws: {
            ($0 as! SpreadsheetError).code == .invalidWorkbook && ($0 as! SpreadsheetError).message.contains("xl/workbook.xml")
        }
    }

    @Test func enforcesTheTableLimitsOnSheets() throws {
        let bytes = try Self.fixture("openpyxl.xlsx")
        #expect { try XLSXReader(limits: TableLimits(maximumRows: 2)).table(bytes: bytes) } throws: {
            ($0 as! SpreadsheetError).code == .tooManyRows && ($0 as! SpreadsheetError).row == 5
        }
        #expect { try XLSXReader(limits: TableLimits(maximumColumns: 6)).table(bytes: bytes) } throws: {
            ($0 as! SpreadsheetError).code == .tooManyColumns && ($0 as! SpreadsheetError).message.contains("G1")
        }
        #expect { try XLSXReader(zipLimits: ZipLimits(maximumEntryBytes: 500)).table(bytes: bytes) } throws: {
            ($0 as! SpreadsheetError).code == .zipTooLarge
        }
    }
}
