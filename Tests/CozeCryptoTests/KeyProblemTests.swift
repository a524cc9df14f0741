import CozeCrypto
import Foundation
import Testing
import TestSupport

/// Serialized: key generation and big-number work would otherwise take every thread of the
/// test pool at once and delay the time-sensitive tests running beside them.
@Suite(.serialized) struct KeyProblemTests {
    /// A key problem's messages must not contain any piece of the key file's base64 body.
    func expectNoKeyMaterial(_ problem: KeyProblem, from pem: String) {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") && !$0.contains(":") }
        for line in body where line.count >= 12 {
            for start in stride(from: 0, to: line.count - 12, by: 6) {
                let piece = String(line.dropFirst(start).prefix(12))
                #expect(!problem.message.contains(piece) && !problem.chinese.contains(piece))
            }
        }
    }

    func problem(_ make: () throws(KeyProblem) -> Void) -> KeyProblem? {
        do {
            try make()
            return nil
        } catch {
            return error
        }
    }

    @Test func refusesAnEncryptedKeyInEitherFormAndSaysHowToDecryptIt() throws {
        let folder = try TemporaryFolder()
        let pkcs8 = folder.path + "/enc8.pem", pkcs1 = folder.path + "/enc1.pem"
        try OpenSSL.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes-256-cbc", "-pass", "pass:secret", "-out", pkcs8])
        try OpenSSL.run(["pkey", "-in", pkcs8, "-passin", "pass:secret", "-traditional", "-aes-256-cbc", "-passout", "pass:secret", "-out", pkcs1])
        for path in [pkcs8, pkcs1] {
            let pem = try String(contentsOfFile: path, encoding: .utf8)
            let refusal = try #require(problem { () throws(KeyProblem) in _ = try RSAPrivateKey(pem: pem) })
            #expect(refusal.message.contains("encrypted") && refusal.message.contains("openssl pkey -in"))
            expectNoKeyMaterial(refusal, from: pem)
        }
    }

    @Test func refusesA1024BitKeyAndSaysWhichSizesWork() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/small.pem"
        try OpenSSL.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", path])
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        let refusal = try #require(problem { () throws(KeyProblem) in _ = try RSAPrivateKey(pem: pem) })
        #expect(refusal.message.contains("1024 bits") && refusal.message.contains("2048 to 4096"))
        expectNoKeyMaterial(refusal, from: pem)
    }

    @Test func saysWhenTheTextIsNoKeyOrADamagedOne() throws {
        let garbage = try #require(problem { () throws(KeyProblem) in _ = try RSAPrivateKey(pem: "not a key at all") })
        #expect(garbage.message.contains("BEGIN PRIVATE KEY"))
        let damagedPEM = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n"
        let damaged = try #require(problem { () throws(KeyProblem) in _ = try RSAPrivateKey(pem: damagedPEM) })
        #expect(damaged.message.contains("damaged"))
        expectNoKeyMaterial(damaged, from: damagedPEM)
    }

    @Test func saysWhenAPublicKeyIsGivenAsPrivateAndTheOtherWayRound() throws {
        let folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "key")
        let publicPEM = try String(contentsOfFile: pair.publicSPKI, encoding: .utf8)
        let asPrivate = try #require(problem { () throws(KeyProblem) in _ = try RSAPrivateKey(pem: publicPEM) })
        #expect(asPrivate.message.contains("public key") && asPrivate.message.contains("private_key.pem"))
        let privatePEM = try String(contentsOfFile: pair.pkcs8, encoding: .utf8)
        let asPublic = try #require(problem { () throws(KeyProblem) in _ = try RSAPublicKey(pem: privatePEM) })
        #expect(asPublic.message.contains("-pubout"))
        expectNoKeyMaterial(asPublic, from: privatePEM)
    }

    @Test func saysWhenTheKeyIsNotRSA() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/ec.pem"
        try OpenSSL.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path])
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        let refusal = try #require(problem { () throws(KeyProblem) in _ = try RSAPrivateKey(pem: pem) })
        #expect(refusal.message.contains("not an RSA key"))
    }

    @Test func refusesAKeyFileOthersCanReadWithTheChmodToRun() throws {
        let folder = try TemporaryFolder()
        let pair = try OpenSSL.generateKeyPair(bits: 2048, in: folder.path, name: "key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pair.pkcs8)
        let refusal = try #require(problem { () throws(KeyProblem) in _ = try PrivateKeyFile.load(path: pair.pkcs8) })
        #expect(refusal.message.contains("chmod 600 \(pair.pkcs8)"))
        #expect(refusal.message.contains("0644"))
        #expect(refusal.chinese.contains("chmod 600 \(pair.pkcs8)"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pair.pkcs8)
        #expect(try PrivateKeyFile.load(path: pair.pkcs8).bitCount == 2048)
    }

    @Test func saysWhenTheKeyFileIsMissingAndNamesTheFileOfABadKey() throws {
        let folder = try TemporaryFolder()
        let missing = try #require(problem { () throws(KeyProblem) in _ = try PrivateKeyFile.load(path: folder.path + "/none.pem") })
        #expect(missing.message.contains("no private key file at \(folder.path)/none.pem"))
        let garbage = try folder.write("hello", to: "garbage.pem")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: garbage)
        let bad = try #require(problem { () throws(KeyProblem) in _ = try PrivateKeyFile.load(path: garbage) })
        #expect(bad.message.hasPrefix(garbage + ": No PEM key found"))
    }
}
