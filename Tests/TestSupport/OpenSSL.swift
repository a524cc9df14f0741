import Foundation

/// The `openssl` command, the reference the crypto tests compare with. Tests that need it fail
/// with a message saying to install it when it is missing (CI's `.ci/run` installs it).
public enum OpenSSL {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path of `openssl` on PATH.
    public static func executable() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = folder + "/openssl"
            if FileManager.default.isExecutableFile(atPath: String(candidate)) { return String(candidate) }
        }
        throw Failure(description: "openssl is not installed, and these tests compare with it. Install it (apt-get install -y openssl; CI's .ci/run does) and run the tests again.")
    }

    /// Runs `openssl arguments…` and returns what it wrote to stdout; throws with its stderr when it fails.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        // Files, not pipes: a pipe's write end can leak into a child another test starts at the same
        // moment (an agent that runs for seconds), and reading to its end would wait for that child.
        let scratch = NSTemporaryDirectory() + "openssl-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outputPath = scratch + "/output", errorPath = scratch + "/errors"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let outputData = FileManager.default.contents(atPath: outputPath) ?? Data()
        let errorData = FileManager.default.contents(atPath: errorPath) ?? Data()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: errorData, as: UTF8.self))")
        }
        return [UInt8](outputData)
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
