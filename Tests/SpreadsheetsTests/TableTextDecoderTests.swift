import Foundation
import Spreadsheets
import Testing

@Suite struct TableTextDecoderTests {
    static let sample = "名字,说明\n张三,\"中文, 逗号\"\n"

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)), arguments: [
        ("utf-8", TableTextDecoder.Encoding.utf8),
        ("utf-8-sig", .utf8WithBOM),
        ("utf-16-le", .utf16LittleEndian),
        ("utf-16-be", .utf16BigEndian),
        ("gbk", .gb18030),
        ("gb18030", .gb18030),
    ])
    func decodesWhatPythonEncodes(pythonEncoding: String, expected: TableTextDecoder.Encoding) throws {
        let bytes = try PythonReference.run(["encode", pythonEncoding], input: Array(Self.sample.utf8))
        let decoded = try TableTextDecoder.decode(bytes)
        #expect(decoded.text == Self.sample)
        #expect(decoded.encoding == expected)
        #expect(try CSVReader().table(bytes: bytes).rows == [["张三", "中文, 逗号"]])
    }

    @Test func decodesGBKBytesWithoutPython() throws {
        // '中文'.encode('gbk') == b'\xd6\xd0\xce\xc4'
        #expect(try TableTextDecoder.decode([0xD6, 0xD0, 0xCE, 0xC4]) == ("中文", .gb18030))
        // A UTF-8 byte-order mark is dropped.
        #expect(try TableTextDecoder.decode([0xEF, 0xBB, 0xBF, 0x61]) == ("a", .utf8WithBOM))
    }

    @Test func refusesBrokenUTF16AndUTF8AfterAByteOrderMark() {
        #expect { try TableTextDecoder.decode([0xFF, 0xFE, 0x61]) } throws: { ($0 as! SpreadsheetError).code == .undecodableText }
        #expect { try TableTextDecoder.decode([0xEF, 0xBB, 0xBF, 0xFF, 0x61]) } throws: {
            ($0 as! SpreadsheetError).code == .undecodableText && ($0 as! SpreadsheetError).message.contains("CSV UTF-8")
        }
    }
}
