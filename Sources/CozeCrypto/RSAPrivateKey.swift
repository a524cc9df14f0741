/// An RSA private key that makes RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signatures.
///
/// Read from PEM: PKCS#8 `BEGIN PRIVATE KEY` (what Coze's console downloads) or PKCS#1
/// `BEGIN RSA PRIVATE KEY`; 2048 to 4096 bits. Signs with the Chinese remainder theorem when the
/// key has its primes (they always do in practice), and checks each signature with the public
/// exponent before giving it out. The key's numbers never appear in descriptions or errors.
public struct RSAPrivateKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// The public half.
    public let publicKey: RSAPublicKey
    private let privateExponent: BigUInt
    fileprivate let crt: CRT?

    fileprivate struct CRT: Sendable {
        let p: MontgomeryModulus
        let q: MontgomeryModulus
        let dP: BigUInt
        let dQ: BigUInt
        let qInverse: BigUInt
    }

    public init(pem: String) throws(KeyProblem) {
        let block = try PEM(text: pem)
        do {
            switch block.label {
            case "PRIVATE KEY":
                var outer = DER.Reader(block.bytes)
                var info = try outer.readSequence()
                guard try info.readSmallInteger() <= 1 else { throw KeyProblem.damaged }
                var algorithm = try info.readSequence()
                guard Array(try algorithm.read(tag: DER.objectIdentifier)) == DER.rsaEncryption else { throw KeyProblem.notRSA }
                try self.init(pkcs1: Array(try info.read(tag: DER.octetString)))
            case "RSA PRIVATE KEY":
                try self.init(pkcs1: block.bytes)
            case "PUBLIC KEY", "RSA PUBLIC KEY":
                throw KeyProblem.publicInsteadOfPrivate
            default:
                throw KeyProblem.notRSA
            }
        } catch let problem as KeyProblem {
            throw problem
        } catch {
            throw KeyProblem.damaged
        }
    }

    /// From the DER of a PKCS#1 RSAPrivateKey: SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv }.
    private init(pkcs1 der: [UInt8]) throws(KeyProblem) {
        do {
            var outer = DER.Reader(der)
            var key = try outer.readSequence()
            let version = try key.readSmallInteger()
            if version == 1 { throw KeyProblem.multiPrime }
            guard version == 0 else { throw KeyProblem.damaged }
            let n = try key.readUnsignedInteger()
            let e = try key.readUnsignedInteger()
            let d = try key.readUnsignedInteger()
            let numbers = [try key.readUnsignedInteger(), try key.readUnsignedInteger(), try key.readUnsignedInteger(),
                           try key.readUnsignedInteger(), try key.readUnsignedInteger()]
            publicKey = try RSAPublicKey(n: n, e: e)
            guard !d.isZero, d < n else { throw KeyProblem.damaged }
            privateExponent = d
            let (p, q, dP, dQ, qInverse) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
            if numbers.allSatisfy({ !$0.isZero }), p * q == n, qInverse < p,
               let pModulus = MontgomeryModulus(p), let qModulus = MontgomeryModulus(q) {
                crt = CRT(p: pModulus, q: qModulus, dP: dP, dQ: dQ, qInverse: qInverse)
            } else {
                crt = nil
            }
        } catch let problem as KeyProblem {
            throw problem
        } catch {
            throw KeyProblem.damaged
        }
    }

    /// The modulus' size in bits.
    public var bitCount: Int { publicKey.bitCount }

    /// Never the key itself.
    public var description: String { "RSAPrivateKey(\(bitCount) bits)" }

    /// `dump` and debuggers see the size only.
    public var customMirror: Mirror { Mirror(self, children: ["bitCount": bitCount]) }

    /// The RS256 signature of `message`: as many bytes as the modulus, the same every time.
    public func signSHA256(_ message: [UInt8]) -> [UInt8] {
        let length = publicKey.byteCount
        let encoded = BigUInt(bigEndian: EMSAPKCS1.encodeSHA256(message, length: length))
        if let crt {
            let signature = crt.sign(encoded)
            // A wrong CRT number in the file would give a wrong signature; check, and fall back to d.
            if publicKey.modulus.power(signature, publicKey.exponent) == encoded {
                return signature.bigEndianBytes(count: length)
            }
        }
        return publicKey.modulus.power(encoded, privateExponent).bigEndianBytes(count: length)
    }
}

extension RSAPrivateKey.CRT {
    /// m1 = c^dP mod p, m2 = c^dQ mod q, h = qInv·(m1 − m2) mod p, s = m2 + h·q.
    func sign(_ c: BigUInt) -> BigUInt {
        let m1 = p.power(c, dP)
        let m2 = q.power(c, dQ)
        let m2ModP = p.reduce(m2)
        let difference = m1 >= m2ModP ? m1 - m2ModP : m1 + p.modulus - m2ModP
        let h = p.reduce(qInverse * difference)
        return m2 + h * q.modulus
    }
}
