import CozeCrypto
import Foundation
import Testing
import TestSupport

/// Serialized: key generation and big-number work would otherwise take every thread of the
/// test pool at once and delay the time-sensitive tests running beside them.
@Suite(.serialized) struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func givesTheDigestsOfFIPS180Examples(message: String, digest: String) {
        #expect(hex(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test func givesTheDigestOfAMillionAs() {
        #expect(hex(SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func givesTheDigestsOfTheNISTShortAndLongMessageVectors() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("sha256-cavp.rsp"), encoding: .utf8)
        var vectors: [(bits: Int, message: [UInt8], digest: String)] = []
        var bits = 0, message: [UInt8] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "Len": bits = Int(parts[1])!
            case "Msg": message = Array(bytes(hex: parts[1]).prefix(bits / 8))
            case "MD": vectors.append((bits, message, parts[1]))
            default: break
            }
        }
        #expect(vectors.count == 11)
        for vector in vectors {
            #expect(hex(SHA256.hash(vector.message)) == vector.digest, "Len = \(vector.bits)")
        }
    }

    @Test func agreesWithOpenSSLOnRandomLengthsAndAMegabyte() throws {
        let folder = try TemporaryFolder()
        var lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 300]
        for _ in 0..<20 { lengths.append(Int.random(in: 0...300)) }
        lengths.append(1 << 20)
        for length in lengths {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255) }
            let path = try folder.write(Data(message), to: "message-\(length)")
            let reference = try OpenSSL.run(["dgst", "-sha256", "-binary", path])
            #expect(SHA256.hash(message) == reference, "length \(length)")
        }
    }

    @Test func hashesInPartsAsInOneGo() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var hasher = SHA256.Hasher()
        for chunk in stride(from: 0, to: message.count, by: 37) { hasher.update(message[chunk..<min(chunk + 37, message.count)]) }
        #expect(hasher.finish() == SHA256.hash(message))
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return result
}
