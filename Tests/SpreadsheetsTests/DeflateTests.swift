import Foundation
import OrderedJSON
import Spreadsheets
import Testing

@Suite struct DeflateTests {
    /// Inputs of every kind a workbook holds and a few that stress the format: empty, tiny,
    /// incompressible, long runs, repeats farther apart than the 32 KiB window, stored-block edges.
    static func corpus(seed: UInt64) -> [[UInt8]] {
        var random = SeededGenerator(seed: seed)
        let xml = Array((0..<2_000).map { "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>\($0 % 97)</v></c><c><is><t>名字\($0 * 7)</t></is></c></row>" }.joined().utf8)
        let noise = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let words = ["Coze", "扣子", "workflow", " ", ",", "\n", "数据", "row"]
        let text = Array((0..<20_000).map { _ in words.randomElement(using: &random)! }.joined().utf8)
        let block = (0..<40_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        return [
            [], [0x41], Array("abcabcabcabcabcabc".utf8), Array(repeating: 0x61, count: 300_000),
            xml, noise, text, block + block, Array(noise.prefix(65_535)), Array(noise.prefix(65_536)),
            (0..<70_000).map { UInt8(truncatingIfNeeded: $0 % 251) },
        ]
    }

    @Test func givesTheCheckValueOfCRC32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        var parts = CRC32()
        parts.update(Array("1234".utf8))
        parts.update(Array("56789".utf8))
        #expect(parts.value == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func readsBackWhatItCompresses() throws {
        for input in Self.corpus(seed: 7) {
            for level in [Deflate.Level.dynamic, .fixed, .stored] {
                #expect(try Inflate.decompress(Deflate.compress(input, level: level)) == input, "\(input.count) bytes")
            }
        }
        let text = Array(String(repeating: "扣子 workflow, ", count: 1_000).utf8)
        #expect(Deflate.compress(text).count < text.count / 10)
    }

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)))
    func inflatesWhatPythonsZlibDeflatesAtLevels0169() throws {
        let seed = testSeed()
        let corpus = Self.corpus(seed: seed)
        let request = JSONValue.object(["levels": .array([0, 1, 6, 9].map { .integer($0) }), "inputs": .array(corpus.map { .base64($0) })])
        let answers = try JSONValue.reference(["deflate"], input: request.compactBytes)
        for (input, compressed) in zip(corpus, answers.arrayValue ?? []) {
            for (level, stream) in zip([0, 1, 6, 9], compressed.arrayValue ?? []) {
                #expect(try Inflate.decompress(stream.base64Bytes) == input, "seed \(seed), level \(level), \(input.count) bytes")
            }
        }
        #expect(answers.arrayValue?.count == corpus.count)
    }

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)))
    func pythonsZlibInflatesWhatItDeflates() throws {
        let seed = testSeed()
        let corpus = Self.corpus(seed: seed)
        for level in [Deflate.Level.dynamic, .fixed, .stored] {
            let streams = corpus.map { Deflate.compress($0, level: level) }
            let answers = try JSONValue.reference(["inflate"], input: JSONValue.array(streams.map { .base64($0) }).compactBytes)
            for (input, answer) in zip(corpus, answers.arrayValue ?? []) {
                #expect(answer["error"] == nil, "seed \(seed), \(level), \(input.count) bytes: \(answer["error"]?.stringValue ?? "")")
                #expect(answer["data"]?.base64Bytes == input, "seed \(seed), \(level), \(input.count) bytes")
                #expect(answer["complete"] == .bool(true))
                #expect(answer["rest"] == .integer(0))
            }
        }
    }

    @Test func refusesTruncatedOrDamagedStreams() {
        let stream = Deflate.compress(Array(String(repeating: "数据 data ", count: 500).utf8))
        #expect { try Inflate.decompress(Array(stream.prefix(stream.count / 2))) } throws: { ($0 as! SpreadsheetError).code == .damagedZip }
        #expect { try Inflate.decompress([0x07]) } throws: { ($0 as! SpreadsheetError).code == .damagedZip }
        // A stored block whose length check is wrong.
        #expect { try Inflate.decompress([0x01, 0x05, 0x00, 0x00, 0x00, 0x41]) } throws: { ($0 as! SpreadsheetError).code == .damagedZip }
        // A match reaching before the start of the output.
        var writer: [UInt8] = Deflate.compress(Array("aaaa".utf8))
        writer[writer.count - 1] ^= 0xFF
        #expect(throws: SpreadsheetError.self) { try Inflate.decompress(writer) }
    }

    @Test func stopsABombAtTheOutputLimit() {
        let bomb = Deflate.compress(Array(repeating: 0, count: 4_000_000))
        #expect(bomb.count < 40_000)
        #expect { try Inflate.decompress(bomb, maximumOutput: 1_000_000) } throws: { ($0 as! SpreadsheetError).code == .zipTooLarge }
    }
}
