/// DEFLATE compression (RFC 1951), built for correctness over ratio: a greedy LZ77 search over a
/// 32 KiB window with hash chains, sent as fixed-Huffman blocks, or as stored blocks wherever
/// that is smaller (already-compressed data).
public enum Deflate {
    /// How hard to look for repeats.
    public enum Level: Sendable {
        /// Stored blocks only (no compression).
        case stored
        /// LZ77 + fixed Huffman codes.
        case fixed
    }

    /// A raw DEFLATE stream (no zlib or gzip wrapper) of `input`.
    public static func compress(_ input: [UInt8], level: Level = .fixed) -> [UInt8] {
        var writer = BitWriter()
        let blockSize = 65_535
        var start = 0
        var matcher = LZ77Matcher(input: input)
        repeat {
            let end = min(start + blockSize, input.count)
            let isFinal = end == input.count
            if level == .stored {
                writeStored(input[start..<end], final: isFinal, into: &writer)
                start = end
                continue
            }
            // Tokens for [start, blockEnd): a match may run past `end`, so the block covers up to where its last token ends.
            let tokens = matcher.tokens(from: start, to: end)
            let blockEnd = tokens.last.map { $0.position + $0.length } ?? end
            let last = blockEnd == input.count
            if fixedBits(tokens) + 3 > 8 * (blockEnd - start + 5 + 1) {
                writeStored(input[start..<blockEnd], final: last, into: &writer)
            } else {
                writeFixed(tokens, input: input, final: last, into: &writer)
            }
            start = blockEnd
        } while start < input.count
        writer.align()
        return writer.bytes
    }

    /// Stored blocks of at most 65,535 bytes (one, empty, for empty input).
    private static func writeStored(_ data: ArraySlice<UInt8>, final: Bool, into writer: inout BitWriter) {
        var offset = data.startIndex
        repeat {
            let end = min(offset + 65_535, data.endIndex)
            writer.write(final && end == data.endIndex ? 1 : 0, bits: 1)
            writer.write(0, bits: 2)
            writer.align()
            let length = end - offset
            writer.write(length, bits: 16)
            writer.write(~length & 0xFFFF, bits: 16)
            writer.append(data[offset..<end])
            offset = end
        } while offset < data.endIndex
    }

    private static func literalCode(_ symbol: Int) -> (code: Int, length: Int) {
        switch symbol {
        case 0..<144: (0x30 + symbol, 8)
        case 144..<256: (0x190 + symbol - 144, 9)
        case 256..<280: (symbol - 256, 7)
        default: (0xC0 + symbol - 280, 8)
        }
    }

    private static func fixedBits(_ tokens: [LZ77Matcher.Token]) -> Int {
        var bits = 7
        for token in tokens {
            if token.distance == 0 {
                bits += literalCode(token.literal).length
            } else {
                let lengthCode = DeflateTables.lengthCode(for: token.length)
                let distanceCode = DeflateTables.distanceCode(for: token.distance)
                bits += literalCode(lengthCode).length + DeflateTables.lengthExtra[lengthCode - 257] + 5 + DeflateTables.distanceExtra[distanceCode]
            }
        }
        return bits
    }

    private static func writeFixed(_ tokens: [LZ77Matcher.Token], input: [UInt8], final: Bool, into writer: inout BitWriter) {
        writer.write(final ? 1 : 0, bits: 1)
        writer.write(1, bits: 2)
        for token in tokens {
            if token.distance == 0 {
                let (code, length) = literalCode(token.literal)
                writer.write(code: code, length: length)
                continue
            }
            let lengthCode = DeflateTables.lengthCode(for: token.length)
            let (code, length) = literalCode(lengthCode)
            writer.write(code: code, length: length)
            writer.write(token.length - DeflateTables.lengthBase[lengthCode - 257], bits: DeflateTables.lengthExtra[lengthCode - 257])
            let distanceCode = DeflateTables.distanceCode(for: token.distance)
            writer.write(code: distanceCode, length: 5)
            writer.write(token.distance - DeflateTables.distanceBase[distanceCode], bits: DeflateTables.distanceExtra[distanceCode])
        }
        let (code, length) = literalCode(256)
        writer.write(code: code, length: length)
    }
}
