/// The constants of DEFLATE (RFC 1951 §3.2.5) shared by `Inflate` and `Deflate`.
enum DeflateTables {
    /// Match lengths of codes 257…285, and their extra bits.
    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// Distances of codes 0…29, and their extra bits.
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order code-length code lengths are sent in, in a dynamic block's header.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Code lengths of the fixed literal/length code (BTYPE 01).
    static let fixedLiteralLengths: [Int] = (0..<288).map { symbol in
        switch symbol {
        case 0..<144: 8
        case 144..<256: 9
        case 256..<280: 7
        default: 8
        }
    }

    /// The length code (257…285) for a match length 3…258.
    static func lengthCode(for length: Int) -> Int {
        var code = 28
        while lengthBase[code] > length { code -= 1 }
        return code + 257
    }

    /// The distance code (0…29) for a distance 1…32768.
    static func distanceCode(for distance: Int) -> Int {
        var code = 29
        while distanceBase[code] > distance { code -= 1 }
        return code
    }

    /// Canonical Huffman codes (RFC 1951 §3.2.2) for the given code lengths; 0 means unused.
    static func canonicalCodes(lengths: [Int]) -> [Int] {
        let maximum = lengths.max() ?? 0
        var count = Array(repeating: 0, count: maximum + 1)
        for length in lengths where length > 0 { count[length] += 1 }
        var next = Array(repeating: 0, count: maximum + 2)
        var code = 0
        if maximum > 0 {
            for bits in 1...maximum {
                code = (code + count[bits - 1]) << 1
                next[bits] = code
            }
        }
        return lengths.map { length in
            guard length > 0 else { return 0 }
            defer { next[length] += 1 }
            return next[length]
        }
    }

    /// `code`'s low `length` bits in reverse order (Huffman codes are sent most significant bit first).
    static func reversed(_ code: Int, length: Int) -> Int {
        var result = 0, code = code
        for _ in 0..<length {
            result = (result << 1) | (code & 1)
            code >>= 1
        }
        return result
    }
}
