/// Writes bits least significant first into bytes, as DEFLATE packs them.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    mutating func write(_ value: Int, bits: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Writes a Huffman code, most significant bit first.
    mutating func write(code: Int, length: Int) {
        write(DeflateTables.reversed(code, length: length), bits: length)
    }

    /// Pads with zero bits to the next byte.
    mutating func align() {
        if count > 0 { write(0, bits: 8 - count) }
    }

    mutating func append(_ data: ArraySlice<UInt8>) {
        precondition(count == 0, "append bytes only at a byte boundary")
        bytes.append(contentsOf: data)
    }
}
