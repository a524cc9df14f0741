/// An RSA public key that checks RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signatures.
public struct RSAPublicKey: Sendable {
    let modulus: MontgomeryModulus
    let exponent: BigUInt

    /// Reads `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) or `BEGIN RSA PUBLIC KEY` (PKCS#1), 2048 to 4096 bits.
    public init(pem: String) throws(KeyProblem) {
        let block = try PEM(text: pem, missing: .notPublicPEM)
        do {
            switch block.label {
            case "PUBLIC KEY":
                var outer = DER.Reader(block.bytes)
                var info = try outer.readSequence()
                var algorithm = try info.readSequence()
                guard Array(try algorithm.read(tag: DER.objectIdentifier)) == DER.rsaEncryption else { throw KeyProblem.notRSA }
                let bits = try info.read(tag: DER.bitString)
                guard bits.first == 0 else { throw KeyProblem.damaged }
                try self.init(pkcs1: Array(bits.dropFirst()))
            case "RSA PUBLIC KEY":
                try self.init(pkcs1: block.bytes)
            case "PRIVATE KEY", "RSA PRIVATE KEY":
                throw KeyProblem.privateInsteadOfPublic
            default:
                throw KeyProblem.notRSA
            }
        } catch let problem as KeyProblem {
            throw problem
        } catch {
            throw KeyProblem.damaged
        }
    }

    /// From the DER of a PKCS#1 RSAPublicKey: SEQUENCE { n, e }.
    private init(pkcs1 der: [UInt8]) throws(KeyProblem) {
        do {
            var outer = DER.Reader(der)
            var key = try outer.readSequence()
            let n = try key.readUnsignedInteger()
            let e = try key.readUnsignedInteger()
            try self.init(n: n, e: e)
        } catch let problem as KeyProblem {
            throw problem
        } catch {
            throw KeyProblem.damaged
        }
    }

    init(n: BigUInt, e: BigUInt) throws(KeyProblem) {
        guard (2048...4096).contains(n.bitWidth) else { throw KeyProblem.size(n.bitWidth) }
        guard e.isOdd, e.bitWidth > 1, e < n, let modulus = MontgomeryModulus(n) else { throw KeyProblem.damaged }
        self.modulus = modulus
        self.exponent = e
    }

    /// The modulus' size in bits.
    public var bitCount: Int { modulus.modulus.bitWidth }

    var byteCount: Int { (bitCount + 7) / 8 }

    /// Whether `signature` is this key's RS256 signature of `message`.
    public func verifySHA256(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == byteCount else { return false }
        let s = BigUInt(bigEndian: signature)
        guard s < modulus.modulus else { return false }
        let recovered = modulus.power(s, exponent).bigEndianBytes(count: byteCount)
        return recovered == EMSAPKCS1.encodeSHA256(message, length: byteCount)
    }
}
