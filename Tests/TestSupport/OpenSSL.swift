import Foundation

/// The `openssl` command, the reference the crypto tests compare with. Tests that need it fail
/// with a message saying to install it when it is missing (CI's `.ci/run` installs it).
public enum OpenSSL {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path of `openssl` on PATH.
    public static func executable() throws -> String {
        guard let path = ReferenceProcess.find("openssl") else {
            throw Failure(description: "openssl is not installed, and these tests compare with it. Install it (apt-get install -y openssl; CI's .ci/run does) and run the tests again.")
        }
        return path
    }

    /// Runs `openssl arguments…` and returns what it wrote to stdout; throws with its stderr when it fails.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> [UInt8] {
        let output = try ReferenceProcess.run(try executable(), arguments)
        guard output.status == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed: \(output.standardError)")
        }
        return output.standardOutput
    }

    /// A fresh RSA key pair written in every PEM form the tests read, in `folder`, mode 0600.
    public struct KeyPair: Sendable {
        public var bits: Int
        /// `BEGIN PRIVATE KEY` (as Coze's console downloads it).
        public var pkcs8: String
        /// `BEGIN RSA PRIVATE KEY`.
        public var pkcs1: String
        /// `BEGIN PUBLIC KEY`.
        public var publicSPKI: String
        /// `BEGIN RSA PUBLIC KEY`.
        public var publicPKCS1: String
    }

    public static func generateKeyPair(bits: Int, in folder: String, name: String) throws -> KeyPair {
        let base = folder + "/" + name
        let pair = KeyPair(bits: bits, pkcs8: base + ".pkcs8.pem", pkcs1: base + ".pkcs1.pem",
                           publicSPKI: base + ".pub.pem", publicPKCS1: base + ".rsapub.pem")
        try run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-out", pair.pkcs8])
        try run(["pkey", "-in", pair.pkcs8, "-traditional", "-out", pair.pkcs1])
        try run(["pkey", "-in", pair.pkcs8, "-pubout", "-out", pair.publicSPKI])
        try run(["rsa", "-in", pair.pkcs8, "-RSAPublicKey_out", "-out", pair.publicPKCS1])
        for path in [pair.pkcs8, pair.pkcs1] { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path) }
        return pair
    }

    /// `openssl dgst -sha256 -sign key` over the bytes of `message`.
    public static func signSHA256(_ message: [UInt8], key: String, scratch: String) throws -> [UInt8] {
        let input = scratch + "/message-" + UUID().uuidString
        try Data(message).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        return try run(["dgst", "-sha256", "-sign", key, input])
    }
}
