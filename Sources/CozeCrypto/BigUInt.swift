/// A non-negative integer of any size, as little as RSA needs: bytes in and out, compare, add,
/// subtract, multiply and remainder. Exponentiation lives in `MontgomeryModulus`.
///
/// Limbs are 64-bit, least significant first, with no leading zero limbs (zero has none).
struct BigUInt: Sendable, Equatable {
    private(set) var limbs: [UInt64]

    init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    init(_ value: UInt64) { self.init(limbs: [value]) }

    /// Reads big-endian bytes (as DER INTEGERs and RSA signatures are written).
    init<Bytes: BidirectionalCollection>(bigEndian bytes: Bytes) where Bytes.Element == UInt8 {
        var limbs: [UInt64] = []
        limbs.reserveCapacity(bytes.count / 8 + 1)
        var limb: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes.reversed() {
            limb |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                limbs.append(limb)
                limb = 0
                shift = 0
            }
        }
        if shift > 0 { limbs.append(limb) }
        self.init(limbs: limbs)
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    var isZero: Bool { limbs.isEmpty }
    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    /// The number of bits up to and including the highest set bit (0 for zero).
    var bitWidth: Int {
        guard let last = limbs.last else { return 0 }
        return limbs.count * 64 - last.leadingZeroBitCount
    }

    func bit(_ index: Int) -> Bool {
        let limb = index / 64
        guard limb < limbs.count else { return false }
        return (limbs[limb] >> UInt64(index % 64)) & 1 == 1
    }

    /// Big-endian bytes, left-padded with zeros to `count` (the number must fit).
    func bigEndianBytes(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<min(count, limbs.count * 8) {
            bytes[count - 1 - index] = UInt8(truncatingIfNeeded: limbs[index / 8] >> UInt64(8 * (index % 8)))
        }
        return bytes
    }

    static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var index = a.limbs.count - 1
        while index >= 0 {
            if a.limbs[index] != b.limbs[index] { return a.limbs[index] < b.limbs[index] ? -1 : 1 }
            index -= 1
        }
        return 0
    }

    static func < (a: BigUInt, b: BigUInt) -> Bool { compare(a, b) < 0 }
    static func >= (a: BigUInt, b: BigUInt) -> Bool { compare(a, b) >= 0 }

    static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        let count = max(a.limbs.count, b.limbs.count)
        var result = [UInt64](repeating: 0, count: count + 1)
        var carry: UInt64 = 0
        for index in 0..<count {
            let x = index < a.limbs.count ? a.limbs[index] : 0
            let y = index < b.limbs.count ? b.limbs[index] : 0
            let (sum1, overflow1) = x.addingReportingOverflow(y)
            let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
            result[index] = sum2
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        result[count] = carry
        return BigUInt(limbs: result)
    }

    /// `a - b`; `a` must be at least `b`.
    static func - (a: BigUInt, b: BigUInt) -> BigUInt {
        precondition(a >= b, "BigUInt subtraction would go below zero")
        var result = a.limbs
        var borrow: UInt64 = 0
        for index in 0..<result.count {
            let y = index < b.limbs.count ? b.limbs[index] : 0
            let (difference1, overflow1) = result[index].subtractingReportingOverflow(y)
            let (difference2, overflow2) = difference1.subtractingReportingOverflow(borrow)
            result[index] = difference2
            borrow = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        return BigUInt(limbs: result)
    }

    static func * (a: BigUInt, b: BigUInt) -> BigUInt {
        if a.isZero || b.isZero { return BigUInt(limbs: []) }
        var result = [UInt64](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            let x = a.limbs[i]
            for j in 0..<b.limbs.count {
                let (high, low) = x.multipliedFullWidth(by: b.limbs[j])
                let (sum1, overflow1) = low.addingReportingOverflow(result[i + j])
                let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
                result[i + j] = sum2
                carry = high &+ (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
            }
            result[i + b.limbs.count] = carry
        }
        return BigUInt(limbs: result)
    }

    /// `self mod modulus` by shifting in one bit at a time: slow in theory, but RSA calls it a
    /// handful of times per signature on numbers of a few thousand bits.
    func remainder(dividingBy modulus: BigUInt) -> BigUInt {
        precondition(!modulus.isZero, "BigUInt remainder by zero")
        if self < modulus { return self }
        let width = modulus.limbs.count + 1
        var remainder = [UInt64](repeating: 0, count: width)
        var modulusLimbs = modulus.limbs
        modulusLimbs.append(0)
        remainder.withUnsafeMutableBufferPointer { r in
            modulusLimbs.withUnsafeBufferPointer { m in
                var index = bitWidth - 1
                while index >= 0 {
                    // r = 2r + bit
                    var carry: UInt64 = bit(index) ? 1 : 0
                    for k in 0..<width {
                        let next = r[k] >> 63
                        r[k] = r[k] << 1 | carry
                        carry = next
                    }
                    // if r >= m { r -= m }
                    var k = width - 1
                    var greaterOrEqual = true
                    while k >= 0 {
                        if r[k] != m[k] {
                            greaterOrEqual = r[k] > m[k]
                            break
                        }
                        k -= 1
                    }
                    if greaterOrEqual {
                        var borrow: UInt64 = 0
                        for k in 0..<width {
                            let (d1, o1) = r[k].subtractingReportingOverflow(m[k])
                            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
                            r[k] = d2
                            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
                        }
                    }
                    index -= 1
                }
            }
        }
        return BigUInt(limbs: remainder)
    }
}
