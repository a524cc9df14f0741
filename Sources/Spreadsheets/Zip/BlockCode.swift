/// The Huffman codes one compressed block is written with: the fixed ones (BTYPE 01), or ones
/// made from the block's own symbol frequencies (BTYPE 10, sent in a `DynamicBlockHeader`).
struct BlockCode {
    var literalLengths: [Int]
    var literalCodes: [Int]
    var distanceLengths: [Int]
    var distanceCodes: [Int]
    /// Nil for the fixed codes.
    var header: DynamicBlockHeader?

    static let fixed: BlockCode = {
        let literals = DeflateTables.fixedLiteralLengths, distances = Array(repeating: 5, count: 30)
        return BlockCode(literalLengths: literals, literalCodes: DeflateTables.canonicalCodes(lengths: literals),
                         distanceLengths: distances, distanceCodes: DeflateTables.canonicalCodes(lengths: distances), header: nil)
    }()

    /// Codes fitted to `tokens` (each literal/length and distance code at most 15 bits).
    init(for tokens: [LZ77Matcher.Token]) {
        var literalFrequencies = Array(repeating: 0, count: 286), distanceFrequencies = Array(repeating: 0, count: 30)
        literalFrequencies[256] = 1
        for token in tokens {
            if token.distance == 0 {
                literalFrequencies[token.literal] += 1
            } else {
                literalFrequencies[DeflateTables.lengthCode(for: token.length)] += 1
                distanceFrequencies[DeflateTables.distanceCode(for: token.distance)] += 1
            }
        }
        literalLengths = HuffmanLengths.lengths(frequencies: literalFrequencies, limit: 15)
        distanceLengths = HuffmanLengths.lengths(frequencies: distanceFrequencies, limit: 15)
        literalCodes = DeflateTables.canonicalCodes(lengths: literalLengths)
        distanceCodes = DeflateTables.canonicalCodes(lengths: distanceLengths)
        header = DynamicBlockHeader(literalLengths: literalLengths, distanceLengths: distanceLengths)
    }

    private init(literalLengths: [Int], literalCodes: [Int], distanceLengths: [Int], distanceCodes: [Int], header: DynamicBlockHeader?) {
        self.literalLengths = literalLengths
        self.literalCodes = literalCodes
        self.distanceLengths = distanceLengths
        self.distanceCodes = distanceCodes
        self.header = header
    }

    /// The block's size in bits with these codes: block type, header, tokens, end-of-block code.
    func bitCount(of tokens: [LZ77Matcher.Token]) -> Int {
        var bits = 3 + (header?.bitCount ?? 0) + literalLengths[256]
        for token in tokens {
            if token.distance == 0 {
                bits += literalLengths[token.literal]
            } else {
                let lengthCode = DeflateTables.lengthCode(for: token.length)
                let distanceCode = DeflateTables.distanceCode(for: token.distance)
                bits += literalLengths[lengthCode] + DeflateTables.lengthExtra[lengthCode - 257]
                    + distanceLengths[distanceCode] + DeflateTables.distanceExtra[distanceCode]
            }
        }
        return bits
    }

    /// The tokens, then the end-of-block code.
    func write(_ tokens: [LZ77Matcher.Token], into writer: inout BitWriter) {
        for token in tokens {
            if token.distance == 0 {
                writer.write(code: literalCodes[token.literal], length: literalLengths[token.literal])
                continue
            }
            let lengthCode = DeflateTables.lengthCode(for: token.length)
            writer.write(code: literalCodes[lengthCode], length: literalLengths[lengthCode])
            writer.write(token.length - DeflateTables.lengthBase[lengthCode - 257], bits: DeflateTables.lengthExtra[lengthCode - 257])
            let distanceCode = DeflateTables.distanceCode(for: token.distance)
            writer.write(code: distanceCodes[distanceCode], length: distanceLengths[distanceCode])
            writer.write(token.distance - DeflateTables.distanceBase[distanceCode], bits: DeflateTables.distanceExtra[distanceCode])
        }
        writer.write(code: literalCodes[256], length: literalLengths[256])
    }
}
