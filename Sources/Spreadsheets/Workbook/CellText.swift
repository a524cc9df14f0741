/// How a sheet's stored values become cell text.
enum CellText {
    /// A number's text: integers without ".0" (`42`, not `42.0`), other values as the shortest
    /// text that reads back the same (`0.1`, not `0.10000000000000001` as Excel stores it).
    /// An integer literal too long for Int64 is kept exactly (a 20-digit id written by a program).
    static func number(_ stored: String) -> String {
        let trimmed = stored.trimmingWhitespace()
        let digits = trimmed.utf8.drop { $0 == UInt8(ascii: "-") }
        if !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), trimmed.utf8.first != UInt8(ascii: "+") {
            return Int64(trimmed).map { String($0) } ?? trimmed
        }
        guard let value = Double(trimmed) else { return trimmed }
        return format(value)
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return value == 0 ? "0" : String(Int64(value))
        }
        return "\(value)"
    }

    static func boolean(_ stored: String) -> String {
        stored.trimmingWhitespace() == "1" || stored.lowercased() == "true" ? "TRUE" : "FALSE"
    }

    /// Undoes OOXML's `_xHHHH_` escapes (how Excel stores control characters, and a literal
    /// "_x" sequence as `_x005F_x…`).
    static func unescapeOOXML(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var output = "", scalars = Array(text.unicodeScalars), index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16),
               let scalar = Unicode.Scalar(code) {
                output.unicodeScalars.append(scalar)
                index += 7
            } else {
                output.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        return output
    }

    /// Escapes what XML 1.0 cannot hold (control characters) as `_xHHHH_`, and a literal `_xHHHH_`
    /// so it reads back as written.
    static func escapeOOXML(_ text: String) -> String {
        var output = "", scalars = Array(text.unicodeScalars), index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                output += "_x" + hex4(scalar.value) + "_"
            } else if scalar == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
                      UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16) != nil {
                output += "_x005F_"
            } else {
                output.unicodeScalars.append(scalar)
            }
            index += 1
        }
        return output
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
