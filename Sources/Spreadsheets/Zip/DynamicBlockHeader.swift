/// The header of a dynamic-Huffman block (RFC 1951 §3.2.7): the literal/length and distance code
/// lengths, run-length coded with symbols 16/17/18, themselves sent with a code-length code.
struct DynamicBlockHeader {
    let literalCount: Int
    let distanceCount: Int
    /// Run-length symbols and their extra bits' value.
    private var symbols: [(symbol: Int, extra: Int)] = []
    private var codeLengthLengths: [Int] = []
    private var codeLengthCodes: [Int] = []
    private var codeLengthCount = 0

    init(literalLengths: [Int], distanceLengths: [Int]) {
        literalCount = max(257, (literalLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        distanceCount = max(1, (distanceLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let all = Array(literalLengths[0..<literalCount]) + Array(distanceLengths[0..<distanceCount])
        var index = 0
        while index < all.count {
            let length = all[index]
            var run = 1
            while index + run < all.count, all[index + run] == length { run += 1 }
            index += run
            if length == 0 {
                while run >= 11 { let n = min(run, 138); symbols.append((18, n - 11)); run -= n }
                if run >= 3 { symbols.append((17, run - 3)); run = 0 }
            } else {
                symbols.append((length, 0))
                run -= 1
                while run >= 3 { let n = min(run, 6); symbols.append((16, n - 3)); run -= n }
            }
            for _ in 0..<run { symbols.append((length, 0)) }
        }
        var frequencies = Array(repeating: 0, count: 19)
        for item in symbols { frequencies[item.symbol] += 1 }
        codeLengthLengths = HuffmanLengths.lengths(frequencies: frequencies, limit: 7)
        codeLengthCodes = DeflateTables.canonicalCodes(lengths: codeLengthLengths)
        codeLengthCount = 4
        for (position, symbol) in DeflateTables.codeLengthOrder.enumerated() where codeLengthLengths[symbol] > 0 {
            codeLengthCount = max(codeLengthCount, position + 1)
        }
    }

    private static func extraBits(of symbol: Int) -> Int {
        switch symbol {
        case 16: 2
        case 17: 3
        case 18: 7
        default: 0
        }
    }

    /// The header's size in bits, after BFINAL and BTYPE.
    var bitCount: Int {
        14 + 3 * codeLengthCount + symbols.reduce(0) { $0 + codeLengthLengths[$1.symbol] + Self.extraBits(of: $1.symbol) }
    }

    func write(into writer: inout BitWriter) {
        writer.write(literalCount - 257, bits: 5)
        writer.write(distanceCount - 1, bits: 5)
        writer.write(codeLengthCount - 4, bits: 4)
        for position in 0..<codeLengthCount {
            writer.write(codeLengthLengths[DeflateTables.codeLengthOrder[position]], bits: 3)
        }
        for item in symbols {
            writer.write(code: codeLengthCodes[item.symbol], length: codeLengthLengths[item.symbol])
            writer.write(item.extra, bits: Self.extraBits(of: item.symbol))
        }
    }
}
