/// A minimal DER reader: just enough ASN.1 for RSA keys in PKCS#1, PKCS#8 and SubjectPublicKeyInfo.
enum DER {
    struct Malformed: Error {}

    static let sequence: UInt8 = 0x30
    static let integer: UInt8 = 0x02
    static let bitString: UInt8 = 0x03
    static let octetString: UInt8 = 0x04
    static let null: UInt8 = 0x05
    static let objectIdentifier: UInt8 = 0x06

    /// rsaEncryption, 1.2.840.113549.1.1.1.
    static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]

    /// Reads elements one after another from some bytes.
    struct Reader {
        private var bytes: ArraySlice<UInt8>

        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
        init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

        var isAtEnd: Bool { bytes.isEmpty }

        /// The next element's tag, without reading it.
        var nextTag: UInt8? { bytes.first }

        /// Reads one element (tag, length, content) and returns its content.
        mutating func read(tag expected: UInt8) throws(Malformed) -> ArraySlice<UInt8> {
            guard let tag = bytes.popFirst(), tag == expected, let first = bytes.popFirst() else { throw Malformed() }
            var length = 0
            if first < 0x80 {
                length = Int(first)
            } else {
                let count = Int(first & 0x7F)
                guard count >= 1, count <= 4 else { throw Malformed() }
                for _ in 0..<count {
                    guard let byte = bytes.popFirst() else { throw Malformed() }
                    length = length << 8 | Int(byte)
                }
            }
            guard length <= bytes.count else { throw Malformed() }
            let content = bytes.prefix(length)
            bytes = bytes.dropFirst(length)
            return content
        }

        /// A reader over the content of the next SEQUENCE.
        mutating func readSequence() throws(Malformed) -> Reader {
            Reader(try read(tag: DER.sequence))
        }

        /// The next INTEGER, which must not be negative.
        mutating func readUnsignedInteger() throws(Malformed) -> BigUInt {
            let content = try read(tag: DER.integer)
            guard let first = content.first, first & 0x80 == 0 else { throw Malformed() }
            return BigUInt(bigEndian: content)
        }

        /// The next INTEGER as a small number (versions).
        mutating func readSmallInteger() throws(Malformed) -> Int {
            let value = try readUnsignedInteger()
            guard value.bitWidth <= 31 else { throw Malformed() }
            return Int(value.limbs.first ?? 0)
        }
    }
}
