/// A cell's A1-style reference ("C7"): 1-based column and row.
struct CellReference: Equatable {
    var column: Int
    var row: Int

    /// Parses "C7", "AB12", "$C$7"; nil for anything else.
    init?(_ text: String) {
        var column = 0, row = 0, sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard !sawDigit else { return nil }
                column = column * 26 + Int((byte & 0xDF) - UInt8(ascii: "A")) + 1
                guard column <= 16_384 else { return nil }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                guard row <= 1_048_576 else { return nil }
            default: return nil
            }
        }
        guard column > 0, row > 0 else { return nil }
        self.column = column
        self.row = row
    }

    init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }

    var text: String { Self.letters(ofColumn: column) + String(row) }

    /// 1 → "A", 27 → "AA".
    static func letters(ofColumn number: Int) -> String {
        var number = number, letters: [UInt8] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(remainder))
            number = (number - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}
