/// DEFLATE compression (RFC 1951), built for correctness over ratio: a greedy LZ77 search over a
/// 32 KiB window with hash chains; each block is sent the smallest way the level allows: stored
/// (already-compressed data), with the fixed Huffman codes, or with codes made for the block.
public enum Deflate {
    /// Which kinds of block may be written.
    public enum Level: Sendable {
        /// Stored blocks only (no compression).
        case stored
        /// LZ77 with the fixed Huffman codes (or stored, where smaller).
        case fixed
        /// LZ77 with codes made for each block (or fixed, or stored, whichever is smallest).
        case dynamic
    }

    /// A raw DEFLATE stream (no zlib or gzip wrapper) of `input`.
    public static func compress(_ input: [UInt8], level: Level = .dynamic) -> [UInt8] {
        var writer = BitWriter()
        let blockSize = 65_535
        var start = 0
        var matcher = LZ77Matcher(input: input)
        repeat {
            let end = min(start + blockSize, input.count)
            if level == .stored {
                writeStored(input[start..<end], final: end == input.count, into: &writer)
                start = end
                continue
            }
            // Tokens for [start, blockEnd): a match may run past `end`, so the block covers up to where its last token ends.
            let tokens = matcher.tokens(from: start, to: end)
            let blockEnd = tokens.last.map { $0.position + $0.length } ?? end
            let final = blockEnd == input.count
            let fixed = BlockCode.fixed
            let dynamic = level == .dynamic ? BlockCode(for: tokens) : nil
            let storedBits = 8 * (blockEnd - start + 5 * ((blockEnd - start) / 65_535 + 1)) + 7
            let fixedBits = fixed.bitCount(of: tokens)
            let dynamicBits = dynamic.map { $0.bitCount(of: tokens) } ?? .max
            if storedBits < min(fixedBits, dynamicBits) {
                writeStored(input[start..<blockEnd], final: final, into: &writer)
            } else {
                let code = dynamicBits < fixedBits ? dynamic! : fixed
                writer.write(final ? 1 : 0, bits: 1)
                writer.write(code.header == nil ? 1 : 2, bits: 2)
                code.header?.write(into: &writer)
                code.write(tokens, into: &writer)
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
}
