import CozeCrypto
import Foundation
import Testing
import TestSupport

/// Keys are made by openssl at test time, in a temporary folder; none is committed.
/// Serialized: key generation and big-number work would otherwise take every thread of the
/// test pool at once and delay the time-sensitive tests running beside them.
@Suite(.serialized) struct RSATests {
    static let messages: [[UInt8]] = [
        [],
        Array("hello".utf8),
        Array("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIxMjM0In0".utf8),
        (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) },
    ]

    @Test(arguments: [2048, 2048, 3072, 3072, 4096, 4096])
    func signsByteForByteAsOpenSSLDoesWithPKCS8AndPKCS1Keys(bits: Int) throws {
        let folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: bits, in: folder.path, name: "key")
        for keyFile in [pair.pkcs8, pair.pkcs1] {
            let key = try RSAPrivateKey(pem: String(contentsOfFile: keyFile, encoding: .utf8))
            #expect(key.bitCount == bits)
            for message in Self.messages {
                let ours = key.signSHA256(message)
                let theirs = try OpenSSL.signSHA256(message, key: keyFile, scratch: folder.path)
                #expect(ours == theirs, "\(bits)-bit key, \(keyFile.hasSuffix("pkcs8.pem") ? "PKCS#8" : "PKCS#1"), message of \(message.count) bytes")
            }
        }
    }

    @Test(arguments: [2048, 3072])
    func verifiesWithEitherPublicFormAndRejectsAFlippedBit(bits: Int) throws {
        let folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: bits, in: folder.path, name: "key")
        let message = Array("a message".utf8)
        let signature = try OpenSSL.signSHA256(message, key: pair.pkcs8, scratch: folder.path)
        for publicFile in [pair.publicSPKI, pair.publicPKCS1] {
            let key = try RSAPublicKey(pem: String(contentsOfFile: publicFile, encoding: .utf8))
            #expect(key.verifySHA256(signature, for: message))
            var flipped = signature
            flipped[flipped.count / 2] ^= 0x10
            #expect(!key.verifySHA256(flipped, for: message))
            #expect(!key.verifySHA256(signature, for: message + [0]))
            #expect(!key.verifySHA256(Array(signature.dropFirst()), for: message))
        }
    }

    @Test func makesAJWTThatOpenSSLVerifies() throws {
        let folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "key")
        let key = try PrivateKeyFile.load(path: pair.pkcs8)
        let header = Array(#"{"alg":"RS256","typ":"JWT","kid":"key-1"}"#.utf8)
        let payload = Array(#"{"iss":"1234","aud":"api.coze.cn","iat":1,"exp":2,"jti":"x"}"#.utf8)
        let token = CompactJWS.signRS256(header: header, payload: payload, key: key)
        let parts = try #require(CompactJWS.split(token))
        #expect(parts.header == header && parts.payload == payload)
        #expect(!token.contains("="))
        let input = try folder.write(Data(parts.signingInput), to: "input")
        let signature = try folder.write(Data(parts.signature), to: "signature")
        let verified = try OpenSSL.run(["dgst", "-sha256", "-verify", pair.publicSPKI, "-signature", signature, input])
        #expect(String(decoding: verified, as: UTF8.self).contains("Verified OK"))
        #expect(try RSAPublicKey(pem: String(contentsOfFile: pair.publicSPKI, encoding: .utf8)).verifySHA256(parts.signature, for: parts.signingInput))
    }

    @Test func describesAKeyWithoutItsNumbers() throws {
        let folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "key")
        let key = try PrivateKeyFile.load(path: pair.pkcs8)
        #expect("\(key)" == "RSAPrivateKey(2048 bits)")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(dumped.count < 200 && dumped.contains("2048"), "\(dumped.prefix(300))")
    }
}
