import Foundation
import Spreadsheets
import Testing

/// Damaged and hostile files end in a `SpreadsheetError`, never in a crash or a hang.
@Suite struct DamagedInputTests {
    private static func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var copy = bytes
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    copy[Int.random(in: 0..<copy.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                copy.removeLast(Int.random(in: 1..<copy.count, using: &random))
            default:
                let start = Int.random(in: 0..<copy.count, using: &random)
                copy.removeSubrange(start..<min(copy.count, start + Int.random(in: 1...64, using: &random)))
            }
            return copy
        }
    }

    @Test func damagedWorkbooksFailWithAnError() throws {
        let seed = testSeed()
        let workbooks = [
            try XLSXReaderTests.fixture("excel-shaped.xlsx"),
            try XLSXReaderTests.fixture("openpyxl.xlsx"),
            try XLSXWriter(sharedStrings: true).bytes(header: ["a", "b"], rows: [[.text("中文"), .number(1)]]),
        ]
        var failures = 0
        for workbook in workbooks {
            for damaged in Self.mutations(of: workbook, count: 150, seed: seed) {
                do { _ = try XLSXReader().table(bytes: damaged) } catch { failures += 1 }
            }
        }
        #expect(failures > 0, "seed \(seed)")
    }

    @Test func damagedDeflateStreamsFailWithAnErrorOrDecodeWithinTheLimit() {
        let seed = testSeed()
        let stream = Deflate.compress(Array(String(repeating: "<row><c t=\"s\"><v>12</v></c></row>扣子", count: 400).utf8))
        for damaged in Self.mutations(of: stream, count: 400, seed: seed) {
            if let output = try? Inflate.decompress(damaged, maximumOutput: 100_000) {
                #expect(output.count <= 100_000)
            }
        }
    }

    @Test func damagedTextFilesFailWithAnErrorOrReadAsATable() throws {
        let seed = testSeed()
        let csv = Array("名字,说明\r\n张三,\"a,\"\"b\"\"\nc\"\r\n李四,x\r\n".utf8)
        let jsonl = Array("{\"a\": 1, \"b\": [1, {\"c\": null}]}\n{\"a\": \"中文\"}\n".utf8)
        for damaged in Self.mutations(of: csv, count: 200, seed: seed) + Self.mutations(of: jsonl, count: 200, seed: seed) {
            if let table = try? TableReader().table(fileName: "x.csv", bytes: damaged) {
                #expect(table.rows.allSatisfy { $0.count == table.header.count })
            }
            _ = try? TableReader().table(fileName: "x.jsonl", bytes: damaged)
        }
    }
}
