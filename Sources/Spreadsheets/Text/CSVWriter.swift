/// Writes a table as CSV that Excel opens with Chinese intact: UTF-8 with a byte-order mark,
/// CRLF line ends, and a cell quoted only when it must be (it holds the delimiter, a quote, a line
/// break, or it is the only, empty, cell of its row).
public struct CSVWriter: Sendable {
    public var delimiter: UInt8
    /// Start with the UTF-8 byte-order mark (Excel reads BOM-less CSV as the system's code page).
    public var byteOrderMark: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), byteOrderMark: Bool = true) {
        self.delimiter = delimiter
        self.byteOrderMark = byteOrderMark
    }

    /// The header, then the rows.
    public func bytes(_ table: TextTable) -> [UInt8] {
        bytes(header: table.header, rows: table.rows)
    }

    public func bytes(header: [String], rows: [[String]]) -> [UInt8] {
        var output: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        append(header, to: &output)
        for row in rows { append(row, to: &output) }
        return output
    }

    private func append(_ row: [String], to output: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        for (index, cell) in row.enumerated() {
            if index > 0 { output.append(delimiter) }
            let utf8 = cell.utf8
            let needsQuotes = utf8.contains { $0 == delimiter || $0 == quote || $0 == 0x0D || $0 == 0x0A }
                || (row.count == 1 && utf8.isEmpty)
            guard needsQuotes else {
                output.append(contentsOf: utf8)
                continue
            }
            output.append(quote)
            for byte in utf8 {
                if byte == quote { output.append(quote) }
                output.append(byte)
            }
            output.append(quote)
        }
        output.append(contentsOf: [0x0D, 0x0A])
    }
}
