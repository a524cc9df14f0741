/// A strict JSON parser (RFC 8259) that reports line and column, keeps key order and number
/// text, can refuse duplicate keys, and limits nesting so hostile input cannot overflow the stack.
public struct JSONParser: Sendable {
    /// Reject an object that names the same key twice (a request file that does so is ambiguous).
    public var rejectsDuplicateKeys: Bool
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    public init(rejectsDuplicateKeys: Bool = false, maximumDepth: Int = 256) {
        self.rejectsDuplicateKeys = rejectsDuplicateKeys
        self.maximumDepth = maximumDepth
    }

    public func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses UTF-8 bytes; the whole input must be one JSON value with only white space around it.
    public func parse(bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var cursor = Cursor(bytes: bytes, options: self)
        return try cursor.parseDocument()
    }
}

private struct Cursor {
    let bytes: [UInt8]
    let options: JSONParser
    var index = 0
    var depth = 0

    init(bytes: [UInt8], options: JSONParser) {
        self.bytes = bytes
        self.options = options
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("the file holds no JSON value (it is empty or only white space)") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw failure(bytes[index] == 0 ? "a NUL byte is not allowed in JSON (is the file damaged, or not text?)" : "unexpected text after the end of the JSON value")
        }
        return value
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw failure("the JSON ends too early (is the file complete?)") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case 0: throw failure("a NUL byte is not allowed in JSON")
        default: throw failure("expected a JSON value but found \(describeHere())")
        }
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > options.maximumDepth {
            throw failure("the JSON is nested more than \(options.maximumDepth) levels deep")
        }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else {
                throw failure(index < bytes.count && bytes[index] == UInt8(ascii: "}")
                    ? "a comma before `}` is not allowed in JSON (trailing comma)"
                    : "expected a key in double quotes but found \(describeHere())")
            }
            let keyStart = index
            let key = try parseString()
            if options.rejectsDuplicateKeys {
                if seen.contains(key) {
                    throw failure("the key `\(key)` appears twice in the same object", at: keyStart)
                }
                seen.insert(key)
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw failure("expected `:` after the key `\(key)` but found \(describeHere())") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONMember(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw failure("the JSON ends inside an object (a `}` is missing)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw failure("expected `,` or `}` but found \(describeHere())")
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { throw failure("a comma before `]` is not allowed in JSON (trailing comma)") }
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw failure("the JSON ends inside an array (a `]` is missing)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw failure("expected `,` or `]` but found \(describeHere())")
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        let contentStart = index
        // Fast path: no escapes, so the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[contentStart..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure(controlCharacterMessage(byte)) }
            index += 1
        }
        var buffer = Array(bytes[contentStart..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 2
                    throw failure("`\\\(Character(Unicode.Scalar(escape)))` is not a valid escape in a JSON string")
                }
            default:
                if byte < 0x20 { throw failure(controlCharacterMessage(byte)) }
                buffer.append(byte)
                index += 1
            }
        }
        throw failure("a string is not closed (a `\"` is missing)", at: start)
    }

    func controlCharacterMessage(_ byte: UInt8) -> String {
        byte == 0 ? "a NUL byte is not allowed in JSON"
            : byte == 0x0A ? "a line break inside a string must be written as \\n"
            : "a control character inside a string must be escaped"
    }

    mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800...0xDBFF).contains(first) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("a \\u escape holds half of a surrogate pair")
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw failure("a \\u escape holds an invalid surrogate pair") }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            return Unicode.Scalar(combined)!
        }
        guard let scalar = Unicode.Scalar(first) else { throw failure("a \\u escape holds half of a surrogate pair") }
        return scalar
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs digits after `-`") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("a number must not start with 0 (leading zeros are not allowed)", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs digits after the decimal point") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs digits in its exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func expectLiteral(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw failure("expected a JSON value but found \(describeHere())")
        }
        index += expected.count
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func describeHere() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        if byte == UInt8(ascii: "'") { return "`'` (JSON strings use double quotes)" }
        if byte >= 0x21 && byte < 0x7F { return "`\(Character(Unicode.Scalar(byte)))`" }
        let end = min(bytes.count, index + 4)
        if let scalar = String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first, scalar.value > 0x7F {
            return "`\(Character(scalar))`"
        }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    func failure(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        let position = min(offset ?? index, bytes.count)
        var line = 1
        var column = 1
        var cursor = 0
        while cursor < position {
            let byte = bytes[cursor]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            cursor += 1
        }
        return JSONSyntaxError(reason: reason, line: line, column: column)
    }
}
