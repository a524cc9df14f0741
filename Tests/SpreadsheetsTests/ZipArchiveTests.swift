import Foundation
import OrderedJSON
import Spreadsheets
import Testing

@Suite struct ZipArchiveTests {
    static let files: [(name: String, data: [UInt8])] = {
        var random = SeededGenerator(seed: 42)
        return [
            ("xl/worksheets/sheet1.xml", Array(String(repeating: "<row><c t=\"s\"><v>1</v></c></row>", count: 3_000).utf8)),
            ("数据/说明.txt", Array("中文名字的文件\n".utf8)),
            ("empty", []),
            ("noise.bin", (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &random) }),
        ]
    }()

    private func archive(compress: Bool = true) throws -> [UInt8] {
        var writer = ZipWriter(modified: .init(year: 2026, month: 11, day: 30, hour: 7, minute: 26, second: 54))
        for file in Self.files { try writer.add(file.name, file.data, compress: compress) }
        return writer.bytes()
    }

    @Test func readsBackWhatItWrites() throws {
        for compress in [true, false] {
            let archive = try ZipArchive(bytes: archive(compress: compress))
            #expect(archive.entries.map(\.name) == Self.files.map(\.name))
            for file in Self.files { #expect(try archive.contents(named: file.name) == file.data) }
            #expect(try archive.contents(named: "missing") == nil)
        }
        let entries = try ZipArchive(bytes: archive()).entries
        #expect(entries[0].method == 8 && entries[0].compressedSize < entries[0].uncompressedSize / 10)
        #expect(entries[3].method == 0, "incompressible data is stored")
    }

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)))
    func pythonsZipfileTestsAndReadsWhatItWrites() throws {
        for compress in [true, false] {
            let answer = try JSONValue.reference(["zip-read"], input: archive(compress: compress))
            #expect(answer["bad"] == .null, "testzip() names no bad entry")
            let entries = answer["entries"]?.arrayValue ?? []
            #expect(entries.map { $0["name"]?.stringValue ?? "" } == Self.files.map(\.name))
            #expect(entries.map { $0["data"]!.base64Bytes } == Self.files.map(\.data))
        }
    }

    @Test(.enabled(if: PythonReference.available, Comment(rawValue: PythonReference.missing)), arguments: [
        ("deflated", false), ("stored", false), ("deflated", true), ("stored", true),
    ])
    func readsWhatPythonsZipfileWrites(method: String, streamed: Bool) throws {
        let spec = JSONValue.array(Self.files.map { .object(["name": .string($0.name), "data": .base64($0.data), "method": .string(method)]) })
        let bytes = try PythonReference.run(["zip-write"] + (streamed ? ["stream"] : []), input: spec.compactBytes)
        let archive = try ZipArchive(bytes: bytes)
        #expect(archive.entries.map(\.method) == Array(repeating: method == "deflated" ? 8 : 0, count: Self.files.count))
        for file in Self.files { #expect(try archive.contents(named: file.name) == file.data, "\(file.name), streamed \(streamed)") }
        if streamed {
            // Streamed writing leaves sizes to data descriptors after each entry's data.
            #expect(bytes.uint16LE(at: 6) & 0x08 != 0)
        }
    }

    @Test func refusesWhatIsNotAZip() {
        #expect { try ZipArchive(bytes: Array("name,age\n张三,30\n".utf8)) } throws: {
            ($0 as! SpreadsheetError).code == .notAZipArchive && ($0 as! SpreadsheetError).message.contains(".xlsx")
        }
        #expect { try ZipArchive(bytes: []) } throws: { ($0 as! SpreadsheetError).code == .notAZipArchive }
    }

    @Test func refusesEncryptedAndZIP64Archives() throws {
        let bytes = try archive()
        let end = bytes.count - 22
        let directoryStart = bytes.uint32LE(at: end + 16)

        var encrypted = bytes
        encrypted[directoryStart + 8] |= 0x01
        #expect { try ZipArchive(bytes: encrypted) } throws: {
            ($0 as! SpreadsheetError).code == .unsupportedZip && ($0 as! SpreadsheetError).message.contains("password")
        }

        var zip64 = bytes
        for offset in 0..<4 { zip64[directoryStart + 24 + offset] = 0xFF }
        #expect { try ZipArchive(bytes: zip64) } throws: {
            ($0 as! SpreadsheetError).code == .unsupportedZip && ($0 as! SpreadsheetError).message.contains("ZIP64")
        }

        var zip64Count = bytes
        zip64Count[end + 10] = 0xFF
        zip64Count[end + 11] = 0xFF
        #expect { try ZipArchive(bytes: zip64Count) } throws: { ($0 as! SpreadsheetError).code == .unsupportedZip }
    }

    @Test func stopsZipBombsAtTheLimits() throws {
        var writer = ZipWriter()
        try writer.add("xl/worksheets/sheet1.xml", Array(repeating: 0x20, count: 5_000_000))
        let bomb = writer.bytes()
        #expect(bomb.count < 50_000)
        #expect { try ZipArchive(bytes: bomb, limits: ZipLimits(maximumEntryBytes: 1_000_000)) } throws: {
            ($0 as! SpreadsheetError).code == .zipTooLarge
        }
        #expect { try ZipArchive(bytes: bomb, limits: ZipLimits(maximumTotalBytes: 1_000_000)) } throws: {
            ($0 as! SpreadsheetError).code == .zipTooLarge
        }
        // A header that understates the size: the data cannot unpack past what it declares.
        var lying = bomb
        let directoryStart = lying.uint32LE(at: lying.count - 22 + 16)
        for offset in 0..<4 { lying[directoryStart + 24 + offset] = offset == 1 ? 0x10 : 0 }
        let archive = try ZipArchive(bytes: lying, limits: ZipLimits(maximumEntryBytes: 1_000_000))
        #expect { try archive.contents(of: archive.entries[0]) } throws: { ($0 as! SpreadsheetError).code == .zipTooLarge }
    }

    @Test func refusesDataThatFailsItsChecksum() throws {
        var bytes = try archive(compress: false)
        bytes[30 + bytes.uint16LE(at: 26) + 5] ^= 0x01
        #expect { try ZipArchive(bytes: bytes).contents(named: Self.files[0].name) } throws: {
            ($0 as! SpreadsheetError).code == .damagedZip && ($0 as! SpreadsheetError).message.contains("CRC-32")
        }
    }
}

extension Array where Element == UInt8 {
    func uint16LE(at offset: Int) -> Int { Int(self[offset]) | Int(self[offset + 1]) << 8 }
    func uint32LE(at offset: Int) -> Int { uint16LE(at: offset) | uint16LE(at: offset + 2) << 16 }
}
