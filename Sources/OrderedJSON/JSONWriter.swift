/// Writes `JSONValue`s back as text: keys in their original order, numbers as written,
/// non-ASCII text left readable (a Chinese output stays Chinese in the record).
public struct JSONWriter: Sendable {
    public var prettyPrinted: Bool

    public init(prettyPrinted: Bool = true) {
        self.prettyPrinted = prettyPrinted
    }

    public func string(from value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, indent: 0)
        if prettyPrinted { output += "\n" }
        return output
    }

    public func bytes(from value: JSONValue) -> [UInt8] {
        Array(string(from: value).utf8)
    }

    private func write(_ value: JSONValue, into output: inout String, indent: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let text): Self.appendQuoted(text, to: &output)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," }
                newline(&output, indent: indent + 1)
                write(item, into: &output, indent: indent + 1)
            }
            newline(&output, indent: indent)
            output += "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{"
            for (position, member) in members.enumerated() {
                if position > 0 { output += "," }
                newline(&output, indent: indent + 1)
                Self.appendQuoted(member.key, to: &output)
                output += prettyPrinted ? ": " : ":"
                write(member.value, into: &output, indent: indent + 1)
            }
            newline(&output, indent: indent)
            output += "}"
        }
    }

    private func newline(_ output: inout String, indent: Int) {
        guard prettyPrinted else { return }
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
