/// DEFLATE decompression (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks, as in ZIP
/// entries and zlib's raw streams (wbits = -15).
public enum Inflate {
    /// The decompressed bytes of the raw DEFLATE stream at the start of `input` (bytes after its
    /// final block are ignored). Stops with `.zipTooLarge` as soon as the output would pass
    /// `maximumOutput`, so a small bomb cannot fill memory, and with `.damagedZip` on bad data.
    public static func decompress(_ input: [UInt8], maximumOutput: Int = .max) throws(SpreadsheetError) -> [UInt8] {
        var state = InflateState(input: input, maximumOutput: maximumOutput)
        try state.run()
        return state.output
    }
}

private struct InflateState {
    let input: [UInt8]
    let maximumOutput: Int
    var output: [UInt8] = []
    var position = 0
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    /// Zero bytes added past the end of the input so that peeking never fails; using them is an error.
    var overrun = 0

    init(input: [UInt8], maximumOutput: Int) {
        self.input = input
        self.maximumOutput = maximumOutput
        output.reserveCapacity(min(maximumOutput, input.count * 4))
    }

    static func damaged(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.damagedZip, "The compressed data is damaged (\(detail)). Open the file in Excel or WPS and save it again, or export it as CSV.")
    }

    static let fixedLiterals = HuffmanTable(lengths: DeflateTables.fixedLiteralLengths)!
    static let fixedDistances = HuffmanTable(lengths: Array(repeating: 5, count: 30))!

    mutating func refill() {
        while bitCount <= 56 {
            let byte: UInt8
            if position < input.count {
                byte = input[position]
            } else {
                byte = 0
                overrun += 1
            }
            position += 1
            bitBuffer |= UInt64(byte) << UInt64(bitCount)
            bitCount += 8
        }
    }

    /// Fails when bits past the end of the input were used.
    func checkOverrun() throws(SpreadsheetError) {
        if overrun * 8 > bitCount { throw Self.damaged("it ends in the middle of a block") }
    }

    mutating func bits(_ count: Int) throws(SpreadsheetError) -> Int {
        guard count > 0 else { return 0 }
        if bitCount < count { refill() }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        try checkOverrun()
        return value
    }

    mutating func decode(_ table: HuffmanTable) throws(SpreadsheetError) -> Int {
        guard table.maximumLength > 0 else { throw Self.damaged("a distance is used but the block has no distance codes") }
        if bitCount < table.maximumLength { refill() }
        let entry = Int(table.entries[Int(bitBuffer & ((1 << UInt64(table.maximumLength)) - 1))])
        let length = entry & 15
        guard length > 0 else { throw Self.damaged("an invalid Huffman code") }
        bitBuffer >>= UInt64(length)
        bitCount -= length
        try checkOverrun()
        return entry >> 4
    }

    mutating func run() throws(SpreadsheetError) {
        var final = false
        while !final {
            final = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try compressedBlock(literals: Self.fixedLiterals, distances: Self.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables()
                try compressedBlock(literals: literals, distances: distances)
            default: throw Self.damaged("a block of the reserved type 3")
            }
        }
    }

    mutating func storedBlock() throws(SpreadsheetError) {
        _ = try bits(bitCount % 8)
        let length = try bits(16), complement = try bits(16)
        guard length == ~complement & 0xFFFF else { throw Self.damaged("a stored block's length check fails") }
        try reserve(length)
        var remaining = length
        while remaining > 0, bitCount >= 8 {
            output.append(UInt8(try bits(8)))
            remaining -= 1
        }
        // Whole bytes are left in the bit buffer: forget them and copy straight from the input.
        let start = position - bitCount / 8
        guard start + remaining <= input.count else { throw Self.damaged("it ends in the middle of a stored block") }
        output.append(contentsOf: input[start..<(start + remaining)])
        position = start + remaining
        bitBuffer = 0
        bitCount = 0
        overrun = 0
    }

    mutating func reserve(_ count: Int) throws(SpreadsheetError) {
        guard output.count + count <= maximumOutput else {
            throw SpreadsheetError(.zipTooLarge, "The compressed data unpacks to more than \(maximumOutput) bytes, more than allowed. Split the workbook into smaller files, or export it as CSV.")
        }
    }

    mutating func dynamicTables() throws(SpreadsheetError) -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw Self.damaged("too many codes in a block header") }
        var codeLengthLengths = Array(repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengthLengths[DeflateTables.codeLengthOrder[index]] = try bits(3) }
        guard let codeLengths = HuffmanTable(lengths: codeLengthLengths) else { throw Self.damaged("an invalid code-length code") }
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengths)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Self.damaged("a repeat with nothing to repeat") }
                lengths.append(contentsOf: repeatElement(previous, count: try bits(2) + 3))
            case 17: lengths.append(contentsOf: repeatElement(0, count: try bits(3) + 3))
            default: lengths.append(contentsOf: repeatElement(0, count: try bits(7) + 11))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw Self.damaged("code lengths run past the header's count") }
        guard lengths[256] > 0 else { throw Self.damaged("a block without an end code") }
        guard let literals = HuffmanTable(lengths: Array(lengths[0..<literalCount])),
              let distances = HuffmanTable(lengths: Array(lengths[literalCount...])) else {
            throw Self.damaged("an over-subscribed Huffman code")
        }
        return (literals, distances)
    }

    mutating func compressedBlock(literals: HuffmanTable, distances: HuffmanTable) throws(SpreadsheetError) {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                try reserve(1)
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw Self.damaged("an invalid length code") }
            let length = DeflateTables.lengthBase[lengthIndex] + (try bits(DeflateTables.lengthExtra[lengthIndex]))
            let distanceIndex = try decode(distances)
            guard distanceIndex < 30 else { throw Self.damaged("an invalid distance code") }
            let distance = DeflateTables.distanceBase[distanceIndex] + (try bits(DeflateTables.distanceExtra[distanceIndex]))
            guard distance <= output.count else { throw Self.damaged("a distance reaches before the start") }
            try reserve(length)
            // Byte by byte: the copy may overlap what it writes, and appending a slice of
            // `output` to itself would copy the whole array each time.
            var from = output.count - distance
            for _ in 0..<length {
                output.append(output[from])
                from += 1
            }
        }
    }
}
