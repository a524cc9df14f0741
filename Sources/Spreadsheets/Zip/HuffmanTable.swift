/// A Huffman code for decoding: every `maximumLength`-bit pattern (read least significant bit
/// first, as DEFLATE sends them) maps to its symbol and its code's length.
struct HuffmanTable {
    /// `symbol << 4 | length`; 0 where no code matches (an incomplete code).
    private(set) var entries: [UInt16]
    let maximumLength: Int

    /// Nil when the lengths over-subscribe the code (more codes than bit patterns).
    init?(lengths: [Int]) {
        let maximum = lengths.max() ?? 0
        guard maximum > 0 else {
            // No codes at all (a block with only literals has no distance codes): nothing decodes.
            entries = [0]
            maximumLength = 0
            return
        }
        var left = 1
        for bits in 1...maximum {
            left = left << 1 - lengths.count(where: { $0 == bits })
            if left < 0 { return nil }
        }
        maximumLength = maximum
        entries = Array(repeating: 0, count: 1 << maximum)
        let codes = DeflateTables.canonicalCodes(lengths: lengths)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let entry = UInt16(symbol << 4 | length)
            var index = DeflateTables.reversed(codes[symbol], length: length)
            while index < entries.count {
                entries[index] = entry
                index += 1 << length
            }
        }
    }
}
