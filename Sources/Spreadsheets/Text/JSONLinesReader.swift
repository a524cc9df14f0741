import OrderedJSON

/// Reads JSON Lines (one JSON object per line; blank lines skipped) into a `TextTable`. The header
/// is every key seen, in first-seen order; a row without a key has "" there. String values are
/// cells as they are, `null` is "", and numbers, booleans, arrays and objects are kept as their
/// compact JSON text (`12`, `true`, `["a"]`) for the caller to type.
public struct JSONLinesReader: Sendable {
    public var limits: TableLimits

    public init(limits: TableLimits = TableLimits()) {
        self.limits = limits
    }

    /// Decodes the bytes (UTF-8, UTF-16, GBK; see `TableTextDecoder`) and reads the table.
    public func table(bytes: [UInt8]) throws(SpreadsheetError) -> TextTable {
        try table(text: TableTextDecoder.decode(bytes).text)
    }

    public func table(text: String) throws(SpreadsheetError) -> TextTable {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        let parser = JSONParser(rejectsDuplicateKeys: true, maximumDepth: 64)
        var objects: [(line: Int, members: [JSONMember])] = []
        var columns: [String: Int] = [:], header: [String] = []
        var line = 0
        // Split on the byte, not the Character: "\r\n" is one Character.
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            guard bytes.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            let value: JSONValue
            do {
                value = try parser.parse(bytes: Array(bytes))
            } catch {
                throw SpreadsheetError(.invalidJSONLine, "Line \(line) is not valid JSON: \(error.reason) (column \(error.column)). Each line must be one JSON object, like {\"name\": \"value\"}.", row: line, column: error.column)
            }
            guard let members = value.objectMembers else {
                throw SpreadsheetError(.notAnObject, "Line \(line) holds \(value.typeDescription), not a JSON object. Each line must be one JSON object, like {\"name\": \"value\"}.", row: line)
            }
            if objects.count >= limits.maximumRows {
                throw SpreadsheetError(.tooManyRows, "The file has more than \(limits.maximumRows) lines of data (line \(line) is past the limit). Split it into smaller files.", row: line)
            }
            for member in members {
                let name = member.key.trimmingWhitespace()
                if name.isEmpty {
                    throw SpreadsheetError(.emptyHeaderName, "Line \(line) has a key that is empty or only spaces. Every key names a column: give it a name.", row: line)
                }
                guard columns[name] == nil else { continue }
                columns[name] = header.count
                header.append(name)
                if header.count > limits.maximumColumns {
                    throw SpreadsheetError(.tooManyColumns, "The lines use more than \(limits.maximumColumns) different keys (line \(line) adds \"\(name)\"). Use fewer columns or split the table.", row: line)
                }
            }
            objects.append((line, members))
        }
        guard !header.isEmpty else {
            throw SpreadsheetError(.emptyTable, "The file has no data: write one JSON object per line, like {\"name\": \"value\"}; each line is one run.")
        }
        var assembler = TableAssembler(limits: limits, header: header)
        for object in objects {
            var cells = Array(repeating: "", count: header.count)
            var filled = Set<Int>()
            for member in object.members {
                let column = columns[member.key.trimmingWhitespace()]!
                guard filled.insert(column).inserted else {
                    throw SpreadsheetError(.duplicateHeaderName, "Line \(object.line) has two keys that are the same once spaces around them are removed (\"\(header[column])\"). Rename one of them.", row: object.line, column: column + 1)
                }
                cells[column] = Self.cell(member.value)
            }
            try assembler.add(number: object.line, cells: cells)
        }
        return try assembler.finish()
    }

    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default: return JSONWriter(prettyPrinted: false).string(from: value)
        }
    }
}
