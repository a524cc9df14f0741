/// An odd modulus prepared for Montgomery multiplication, so that `power` (modular
/// exponentiation, the whole cost of an RSA signature) needs no division.
///
/// Multiplication is CIOS (Koç, Acar, Kaliski 1996) over 64-bit limbs; exponentiation uses a
/// fixed 4-bit window. Not constant-time: fine for a tool signing its own short-lived JWTs.
struct MontgomeryModulus: Sendable {
    let modulus: BigUInt
    private let limbs: [UInt64]
    private let inverse: UInt64 // -modulus⁻¹ mod 2⁶⁴
    private let rSquared: [UInt64] // R² mod modulus, R = 2^(64·count)

    var count: Int { limbs.count }

    /// `nil` unless the modulus is odd and greater than one.
    init?(_ modulus: BigUInt) {
        guard modulus.isOdd, modulus.bitWidth > 1 else { return nil }
        self.modulus = modulus
        limbs = modulus.limbs
        let low = limbs[0]
        var inverse: UInt64 = 1
        for _ in 0..<6 { inverse = inverse &* (2 &- low &* inverse) } // Newton: doubles the correct bits each time
        self.inverse = 0 &- inverse
        var r2 = [UInt64](repeating: 0, count: 2 * limbs.count + 1)
        r2[2 * limbs.count] = 1
        rSquared = Self.padded(BigUInt(limbs: r2).remainder(dividingBy: modulus), to: limbs.count)
    }

    /// `base^exponent mod modulus`.
    func power(_ base: BigUInt, _ exponent: BigUInt) -> BigUInt {
        let s = count
        let reducedBase = Self.padded(reduce(base), to: s)
        var one = [UInt64](repeating: 0, count: s)
        one[0] = 1
        var scratch = [UInt64](repeating: 0, count: 2 * s + 2)
        var table = [UInt64](repeating: 0, count: 16 * s)
        var result = [UInt64](repeating: 0, count: s)
        limbs.withUnsafeBufferPointer { m in
            scratch.withUnsafeMutableBufferPointer { t in
                table.withUnsafeMutableBufferPointer { table in
                    result.withUnsafeMutableBufferPointer { result in
                        let m = m.baseAddress!, t = t.baseAddress!, table = table.baseAddress!, result = result.baseAddress!
                        rSquared.withUnsafeBufferPointer { r2 in
                            one.withUnsafeBufferPointer { one in
                                multiply(one.baseAddress!, r2.baseAddress!, m, t, into: table) // R mod m: one, Montgomery form
                            }
                            reducedBase.withUnsafeBufferPointer { b in
                                multiply(b.baseAddress!, r2.baseAddress!, m, t, into: table + s)
                            }
                        }
                        for index in 2..<16 {
                            multiply(table + (index - 1) * s, table + s, m, t, into: table + index * s)
                        }
                        result.update(from: table, count: s)
                        let windows = (exponent.bitWidth + 3) / 4
                        var window = windows - 1
                        while window >= 0 {
                            if window != windows - 1 {
                                for _ in 0..<4 { square(result, m, t, into: result) }
                            }
                            var digit = 0
                            for bit in 0..<4 where exponent.bit(window * 4 + bit) { digit |= 1 << bit }
                            if digit != 0 { multiply(result, table + digit * s, m, t, into: result) }
                            window -= 1
                        }
                        one.withUnsafeBufferPointer { one in
                            multiply(result, one.baseAddress!, m, t, into: result) // out of Montgomery form
                        }
                    }
                }
            }
        }
        return BigUInt(limbs: result)
    }

    /// `x mod modulus`. Numbers below modulus·R (an RSA message modulo one of its primes, or a
    /// product of two residues) take a Montgomery reduction, then a multiplication by R²; larger
    /// ones the slow bit-by-bit remainder.
    func reduce(_ x: BigUInt) -> BigUInt {
        let s = count
        guard x.bitWidth < modulus.bitWidth + 64 * s else { return x.remainder(dividingBy: modulus) }
        var t = x.limbs
        while t.count < 2 * s + 1 { t.append(0) }
        var reduced = [UInt64](repeating: 0, count: s)
        var scratch = [UInt64](repeating: 0, count: s + 2)
        limbs.withUnsafeBufferPointer { m in
            t.withUnsafeMutableBufferPointer { t in
                reduced.withUnsafeMutableBufferPointer { out in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        let m = m.baseAddress!, t = t.baseAddress!, out = out.baseAddress!
                        // REDC: t·R⁻¹ mod m, below 2m since t < m·R.
                        redc(t, m)
                        var upper = BigUInt(limbs: Array(UnsafeBufferPointer(start: t + s, count: s + 1)))
                        if upper >= modulus { upper = upper - modulus }
                        let lower = Self.padded(upper, to: s)
                        lower.withUnsafeBufferPointer { lower in
                            rSquared.withUnsafeBufferPointer { r2 in
                                multiply(lower.baseAddress!, r2.baseAddress!, m, scratch.baseAddress!, into: out)
                            }
                        }
                    }
                }
            }
        }
        return BigUInt(limbs: reduced)
    }

    /// `out = a·b·R⁻¹ mod m`; `out` may be `a` or `b`. `t` is scratch of `count + 2` limbs.
    private func multiply(
        _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ m: UnsafePointer<UInt64>,
        _ t: UnsafeMutablePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>
    ) {
        // `while` loops and wrapping arithmetic: debug builds run `for … in` ranges and checked
        // arithmetic several times slower, and tests sign 4096-bit keys in debug builds.
        let s = count
        let inverse = inverse
        t.update(repeating: 0, count: s &+ 2)
        // FIOS: each outer step adds x·b and q·m in one pass and shifts down one limb.
        var i = 0
        while i < s {
            let x = a[i]
            var (c1, low1) = x.multipliedFullWidth(by: b[0])
            var u = low1 &+ t[0]
            if u < low1 { c1 &+= 1 }
            let q = u &* inverse
            var (c2, low2) = q.multipliedFullWidth(by: m[0])
            if low2 &+ u < low2 { c2 &+= 1 } // the low limb itself is zero by the choice of q
            var j = 1
            while j < s {
                var (h1, l1) = x.multipliedFullWidth(by: b[j])
                u = l1 &+ t[j]
                if u < l1 { h1 &+= 1 }
                let u2 = u &+ c1
                if u2 < u { h1 &+= 1 }
                c1 = h1
                var (h2, l2) = q.multipliedFullWidth(by: m[j])
                let v = l2 &+ u2
                if v < l2 { h2 &+= 1 }
                let v2 = v &+ c2
                if v2 < v { h2 &+= 1 }
                c2 = h2
                t[j &- 1] = v2
                j &+= 1
            }
            let top = t[s] &+ c1
            let total = top &+ c2
            t[s &- 1] = total
            t[s] = (top < c1 ? 1 : 0) &+ (total < top ? 1 : 0)
            i &+= 1
        }
        reduceOnce(t, m, into: out)
    }

    /// `out = a²·R⁻¹ mod m`, a quarter fewer limb products than `multiply`: each cross product
    /// once, doubled, plus the squares, then a separate reduction. `t` is scratch of `2·count + 2`.
    private func square(
        _ a: UnsafePointer<UInt64>, _ m: UnsafePointer<UInt64>, _ t: UnsafeMutablePointer<UInt64>,
        into out: UnsafeMutablePointer<UInt64>
    ) {
        let s = count
        let width = 2 &* s
        t.update(repeating: 0, count: width &+ 2)
        var i = 0
        while i < s &- 1 {
            let x = a[i]
            var carry: UInt64 = 0
            var j = i &+ 1
            while j < s {
                var (high, low) = x.multipliedFullWidth(by: a[j])
                let u = low &+ t[i &+ j]
                if u < low { high &+= 1 }
                let u2 = u &+ carry
                if u2 < u { high &+= 1 }
                t[i &+ j] = u2
                carry = high
                j &+= 1
            }
            t[i &+ s] = carry
            i &+= 1
        }
        var shifted: UInt64 = 0
        var k = 0
        while k < width {
            let next = t[k] >> 63
            t[k] = t[k] << 1 | shifted
            shifted = next
            k &+= 1
        }
        var carry: UInt64 = 0
        i = 0
        while i < s {
            let (high, low) = a[i].multipliedFullWidth(by: a[i])
            let lowIndex = 2 &* i
            let u = t[lowIndex] &+ low
            var carryLow: UInt64 = u < low ? 1 : 0
            let u2 = u &+ carry
            if u2 < u { carryLow &+= 1 }
            t[lowIndex] = u2
            let v = t[lowIndex &+ 1] &+ high
            carry = v < high ? 1 : 0
            let v2 = v &+ carryLow
            if v2 < v { carry &+= 1 }
            t[lowIndex &+ 1] = v2
            i &+= 1
        }
        redc(t, m) // of the 2s-limb square
        reduceOnce(t + s, m, into: out) // the upper s + 1 limbs, below 2m
    }

    /// Montgomery reduction in place: `t` (2s + 1 limbs) becomes t·R⁻¹ in its upper s + 1 limbs.
    @inline(__always)
    private func redc(_ t: UnsafeMutablePointer<UInt64>, _ m: UnsafePointer<UInt64>) {
        let s = count, inverse = inverse
        var i = 0
        while i < s {
            let q = t[i] &* inverse
            var carry: UInt64 = 0
            var j = 0
            while j < s {
                var (high, low) = q.multipliedFullWidth(by: m[j])
                let sum = low &+ t[i &+ j]
                if sum < low { high &+= 1 }
                let sum2 = sum &+ carry
                if sum2 < sum { high &+= 1 }
                t[i &+ j] = sum2
                carry = high
                j &+= 1
            }
            var k = i &+ s
            while carry != 0, k <= 2 &* s {
                let sum = t[k] &+ carry
                carry = sum < carry ? 1 : 0
                t[k] = sum
                k &+= 1
            }
            i &+= 1
        }
    }

    /// `value` (s + 1 limbs, below 2m) brought below m: m subtracted once when value ≥ m.
    @inline(__always)
    private func reduceOnce(_ value: UnsafeMutablePointer<UInt64>, _ m: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>) {
        let s = count
        var subtract = value[s] != 0
        if !subtract {
            subtract = true
            var j = s &- 1
            while j >= 0 {
                if value[j] != m[j] {
                    subtract = value[j] > m[j]
                    break
                }
                j &-= 1
            }
        }
        guard subtract else {
            out.update(from: value, count: s)
            return
        }
        var borrow: UInt64 = 0
        var j = 0
        while j < s {
            let (d1, o1) = value[j].subtractingReportingOverflow(m[j])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            out[j] = d2
            borrow = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            j &+= 1
        }
    }

    private static func padded(_ value: BigUInt, to count: Int) -> [UInt64] {
        var limbs = value.limbs
        while limbs.count < count { limbs.append(0) }
        return limbs
    }
}
