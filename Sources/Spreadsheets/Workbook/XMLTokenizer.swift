/// A small XML reader for the parts of an .xlsx: elements with attributes, text, CDATA and the
/// five named and numeric character references. Namespace prefixes are dropped (`x:c` is `c`,
/// `r:id` is `id`); comments and processing instructions are skipped; a DOCTYPE is refused (no
/// workbook has one, and its entities could expand without bound). Checks that tags nest.
struct XMLTokenizer {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String])
        case end(name: String)
        case text(String)
    }

    let part: String
    private let bytes: [UInt8]
    private var index = 0
    private var open: [String] = []
    private var pendingEnd: String?

    /// `part`: the entry's name, for error messages.
    init(_ bytes: [UInt8], part: String) {
        self.bytes = bytes
        self.part = part
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    func failure(_ detail: String) -> SpreadsheetError {
        SpreadsheetError(.invalidWorkbook, "\(part) in the workbook is not well-formed XML (\(detail), at byte \(index)). Open the file in Excel or WPS and save it again.")
    }

    /// The next event; nil at the end of the document.
    mutating func next() throws(SpreadsheetError) -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            return .end(name: name)
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { return .text(try text()) }
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                let start = index + 9
                try skip(past: "]]>")
                return .text(String(decoding: bytes[start..<(index - 3)], as: UTF8.self))
            } else if starts(with: "<!") {
                throw failure("a DOCTYPE or other declaration, which workbooks do not have")
            } else if starts(with: "</") {
                index += 2
                let name = try self.name()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("an end tag without >") }
                index += 1
                guard open.popLast() == name else { throw failure("</\(name)> does not close the open element") }
                return .end(name: name)
            } else {
                return try startTag()
            }
        }
        guard open.isEmpty else { throw failure("<\(open.last!)> is never closed") }
        return nil
    }

    private mutating func startTag() throws(SpreadsheetError) -> Event {
        index += 1
        let name = try self.name()
        var attributes: [String: String] = [:]
        while true {
            skipSpace()
            guard index < bytes.count else { throw failure("a start tag without >") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                open.append(name)
                return .start(name: name, attributes: attributes)
            }
            if starts(with: "/>") {
                index += 2
                pendingEnd = name
                return .start(name: name, attributes: attributes)
            }
            let (prefix, attribute) = try qualifiedName()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw failure("attribute \(attribute) has no value") }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw failure("attribute \(attribute)'s value is not quoted")
            }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw failure("attribute \(attribute)'s value is never closed") }
            let value = try Self.unescape(bytes[start..<index], tokenizer: self)
            index += 1
            if prefix != "xmlns" && !(prefix.isEmpty && attribute == "xmlns") { attributes[attribute] = value }
        }
    }

    private mutating func text() throws(SpreadsheetError) -> String {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
        return try Self.unescape(bytes[start..<index], tokenizer: self)
    }

    private mutating func name() throws(SpreadsheetError) -> String {
        try qualifiedName().local
    }

    private mutating func qualifiedName() throws(SpreadsheetError) -> (prefix: String, local: String) {
        let start = index
        var colon: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { colon = index }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") { break }
            index += 1
        }
        guard index > start else { throw failure("a tag without a name") }
        guard let colon else { return ("", String(decoding: bytes[start..<index], as: UTF8.self)) }
        return (String(decoding: bytes[start..<colon], as: UTF8.self), String(decoding: bytes[(colon + 1)..<index], as: UTF8.self))
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func starts(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { $0.elementsEqual(bytes[index..<(index + count)]) }
    }

    private mutating func skip(past literal: StaticString) throws(SpreadsheetError) {
        while index < bytes.count {
            if starts(with: literal) {
                index += literal.utf8CodeUnitCount
                return
            }
            index += 1
        }
        throw failure("\(literal) is missing")
    }

    /// Resolves character references; line ends are normalised to LF, as XML requires.
    private static func unescape(_ raw: ArraySlice<UInt8>, tokenizer: XMLTokenizer) throws(SpreadsheetError) -> String {
        guard raw.contains(UInt8(ascii: "&")) || raw.contains(0x0D) else { return String(decoding: raw, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == 0x0D {
                output.append(0x0A)
                index += 1
                if index < raw.endIndex, raw[index] == 0x0A { index += 1 }
                continue
            }
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            guard let semicolon = raw[index...].firstIndex(of: UInt8(ascii: ";")), semicolon - index <= 12 else {
                throw tokenizer.failure("an & that starts no character reference")
            }
            let name = String(decoding: raw[(index + 1)..<semicolon], as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch name {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                } else {
                    scalar = nil
                }
            }
            guard let scalar else { throw tokenizer.failure("an unknown reference &\(name);") }
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
            index = semicolon + 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
