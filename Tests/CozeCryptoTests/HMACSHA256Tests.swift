import CozeCrypto
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct HMACSHA256Tests {
    /// RFC 4231 §4.2–4.8, keys and data as hex, HMAC-SHA-256 as printed there (case 5 is
    /// truncated to 128 bits by the RFC).
    @Test(arguments: [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e",
         "a3b6167473100ee06e0c796c2955552b"),
        (String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func givesTheCodesOfRFC4231(key: String, data: String, code: String) {
        let result = hex(HMACSHA256.authenticationCode(for: bytes(hex: data), key: bytes(hex: key)))
        #expect(result.hasPrefix(code))
        #expect(result.count == 64)
    }

    /// Binary keys shorter than, equal to and longer than the 64-byte block, against
    /// `openssl dgst -sha256 -mac HMAC -macopt hexkey:…`.
    @Test(arguments: [1, 20, 32, 63, 64, 65, 100, 131, 200])
    func agreesWithOpenSSLOnBinaryKeysAroundTheBlockSize(keyLength: Int) throws {
        let folder = try TemporaryFolder()
        for messageLength in [0, 1, 55, 64, 65, 1000] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255) }
            let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255) }
            let path = try folder.write(Data(message), to: "message-\(keyLength)-\(messageLength)")
            let reference = try OpenSSL.run(["dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + hex(key), "-binary", path])
            #expect(HMACSHA256.authenticationCode(for: message, key: key) == reference, "key \(keyLength) bytes, message \(messageLength) bytes")
        }
    }

    /// Text keys as chat services use them (a secret, or a timestamp and a secret), against
    /// `openssl dgst -sha256 -hmac KEY`.
    @Test(arguments: [
        "SEC" + String(repeating: "7f3a", count: 4),
        String(repeating: "k", count: 64),
        "1599360473\n" + String(repeating: "s", count: 53),
        "1599360473\n" + String(repeating: "飞书", count: 20),
    ])
    func agreesWithOpenSSLOnTextKeys(key: String) throws {
        let folder = try TemporaryFolder()
        for message in ["", "1599360473\nthis is secret", String(repeating: "钉钉 message ", count: 30)] {
            let path = try folder.write(message, to: "message")
            let reference = try OpenSSL.run(["dgst", "-sha256", "-hmac", key, "-binary", path])
            #expect(HMACSHA256.authenticationCode(for: message, key: key) == reference, "key of \(key.utf8.count) bytes")
        }
    }
}
