/// EMSA-PKCS1-v1_5 encoding with SHA-256 (RFC 8017 §9.2): what an RS256 signature raises to a power.
enum EMSAPKCS1 {
    /// DigestInfo's prefix for SHA-256.
    private static let sha256Prefix: [UInt8] = [
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
    ]

    /// `00 01 FF…FF 00 DigestInfo(SHA-256(message))`, `length` bytes (the modulus' length).
    static func encodeSHA256(_ message: [UInt8], length: Int) -> [UInt8] {
        let digestInfo = sha256Prefix + SHA256.hash(message)
        precondition(length >= digestInfo.count + 11, "RSA modulus too short for SHA-256")
        return [0x00, 0x01] + [UInt8](repeating: 0xFF, count: length - digestInfo.count - 3) + [0x00] + digestInfo
    }
}
