import CozeAPI
import Foundation
import OrderedJSON

/// Turns a spreadsheet cell's text into the value its workflow input takes, by the input's type:
/// `integer` (whole numbers, `" 12 "` → 12; `1,234` is refused), `number` (integers stay integers),
/// `boolean` (true/false/1/0/yes/no/是/否), `array` and `object` (JSON text), `string` (verbatim,
/// `007` stays `007`), and Coze's file types (`image`, `file`, `doc`…: an http(s) URL is sent as
/// it is, anything else names a file, which becomes a `{"$file": "NAME"}` placeholder).
/// A cell that cannot be typed is a problem of its row only.
public enum CellTyping {
    /// The value `cell` gives `input`. `row` is the row as the user sees it, for the message.
    /// An empty cell is the caller's business (left out, or a missing required value).
    public static func value(of cell: String, for input: WorkflowInput, row: Int) -> Result<TypedCell, BatchProblem> {
        let place = Place(row: row, column: input.name)
        let text = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        switch input.type {
        case "integer": return integer(text, place).map { TypedCell(value: $0) }
        case "number", "float": return number(text, place).map { TypedCell(value: $0) }
        case "boolean": return boolean(text, place).map { TypedCell(value: $0) }
        case "object": return json(text, place, wantsArray: false).map { TypedCell(value: $0) }
        case "array":
            if let items = input.items, WorkflowInput.isFileType(items.type) { return files(text, place, type: items.type) }
            return json(text, place, wantsArray: true).map { TypedCell(value: $0) }
        case let type where WorkflowInput.isFileType(type): return file(text, place, type: type)
        default: return .success(TypedCell(value: .string(cell)))
        }
    }

    /// Where a cell is, worded for messages.
    struct Place {
        var row: Int
        var column: String
        var en: String { "Row \(row), column `\(column)`" }
        var zh: String { "第 \(row) 行 `\(column)` 列" }

        func problem(_ code: BatchProblem.Code, en: String, zh: String) -> BatchProblem {
            BatchProblem(code, en: "\(self.en): \(en)", zh: "\(self.zh)：\(zh)", row: row, column: column)
        }
    }

    // MARK: Numbers

    static func integer(_ raw: String, _ place: Place) -> Result<JSONValue, BatchProblem> {
        let text = asciiDigits(raw)
        if text.contains(",") {
            return .failure(place.problem(.invalidCell,
                en: "\"\(raw)\" is not a whole number the workflow takes (integer): write it without thousands separators, e.g. \(text.replacingOccurrences(of: ",", with: "")).",
                zh: "\"\(raw)\" 不是工作流要的整数（integer）：请去掉千位分隔符，例如写成 \(text.replacingOccurrences(of: ",", with: ""))。"))
        }
        var digits = Substring(text)
        // `12.0` and `12.00` are whole numbers too (a spreadsheet may show them so).
        if let dot = digits.firstIndex(of: "."), digits[digits.index(after: dot)...].allSatisfy({ $0 == "0" }) {
            digits = digits[..<dot]
        }
        if let value = Int64(digits) {
            return .success(.number(String(value)))
        }
        let unsigned = digits.first == "-" || digits.first == "+" ? digits.dropFirst() : digits
        let isWholeLooking = !unsigned.isEmpty && unsigned.allSatisfy(\.isASCIIDigit)
        if isWholeLooking {
            return .failure(place.problem(.invalidCell,
                en: "\(raw) is too large for a whole number (integer, at most 9223372036854775807): check the cell, or change the input's type to string in Coze.",
                zh: "\(raw) 超出了整数（integer）的范围（最大 9223372036854775807）：请检查这个单元格，或在扣子中把这个输入参数改成 string 类型。"))
        }
        return .failure(place.problem(.invalidCell,
            en: "\"\(raw)\" is not a whole number (integer): write digits only, e.g. 12 or -3.",
            zh: "\"\(raw)\" 不是整数（integer）：请只写数字，例如 12 或 -3。"))
    }

    static func number(_ raw: String, _ place: Place) -> Result<JSONValue, BatchProblem> {
        let text = asciiDigits(raw)
        if text.contains(",") {
            return .failure(place.problem(.invalidCell,
                en: "\"\(raw)\" is not a number the workflow takes: write it without thousands separators and with a dot for decimals, e.g. 1234.5.",
                zh: "\"\(raw)\" 不是工作流要的数字（number）：请去掉千位分隔符，小数用点号，例如 1234.5。"))
        }
        if isJSONNumber(text), Double(text)?.isFinite == true {
            return .success(.number(text))
        }
        // `+1.5`, `.5`, `5.`, `007`: numbers JSON spells differently.
        if !text.isEmpty, text.allSatisfy({ $0.isASCIIDigit || "+-.eE".contains($0) }), let value = Double(text), value.isFinite {
            if value.rounded() == value, abs(value) < 9.0e15 { return .success(.number(String(Int64(value)))) }
            return .success(.number("\(value)"))
        }
        return .failure(place.problem(.invalidCell,
            en: "\"\(raw)\" is not a number: write digits with a dot for decimals, e.g. 12 or 3.5.",
            zh: "\"\(raw)\" 不是数字（number）：请写数字，小数用点号，例如 12 或 3.5。"))
    }

    /// Full-width digits, minus and dot (typed with a Chinese input method) as ASCII.
    static func asciiDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0xFF10...0xFF19: Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!
            case 0xFF0E: "."
            case 0xFF0D: "-"
            case 0xFF0B: "+"
            case 0xFF0C: ","
            default: scalar
            }
        }))
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    static func isJSONNumber(_ text: String) -> Bool {
        var characters = Substring(text)
        if characters.first == "-" { characters = characters.dropFirst() }
        let whole = characters.prefix(while: \.isASCIIDigit)
        guard !whole.isEmpty, whole == "0" || whole.first != "0" else { return false }
        characters = characters.dropFirst(whole.count)
        if characters.first == "." {
            let fraction = characters.dropFirst().prefix(while: \.isASCIIDigit)
            guard !fraction.isEmpty else { return false }
            characters = characters.dropFirst(1 + fraction.count)
        }
        if characters.first == "e" || characters.first == "E" {
            characters = characters.dropFirst()
            if characters.first == "+" || characters.first == "-" { characters = characters.dropFirst() }
            let exponent = characters.prefix(while: \.isASCIIDigit)
            guard !exponent.isEmpty else { return false }
            characters = characters.dropFirst(exponent.count)
        }
        return characters.isEmpty
    }

    // MARK: Booleans

    static let trueWords: Set<String> = ["true", "1", "yes", "是"]
    static let falseWords: Set<String> = ["false", "0", "no", "否"]

    static func boolean(_ raw: String, _ place: Place) -> Result<JSONValue, BatchProblem> {
        let word = asciiDigits(raw).lowercased()
        if trueWords.contains(word) { return .success(.bool(true)) }
        if falseWords.contains(word) { return .success(.bool(false)) }
        return .failure(place.problem(.invalidCell,
            en: "\"\(raw)\" is not true or false: write true/false, yes/no, 1/0 or 是/否.",
            zh: "\"\(raw)\" 不是布尔值（boolean）：请写 是/否、true/false、yes/no 或 1/0。"))
    }

    // MARK: JSON

    static func json(_ raw: String, _ place: Place, wantsArray: Bool) -> Result<JSONValue, BatchProblem> {
        let example = wantsArray ? "[1, 2] or [\"a\", \"b\"]" : "{\"key\": \"value\"}"
        let kindEN = wantsArray ? "a JSON array" : "a JSON object"
        let kindZH = wantsArray ? "JSON 数组（array）" : "JSON 对象（object）"
        let value: JSONValue
        do {
            value = try JSONParser().parse(raw)
        } catch {
            return .failure(place.problem(.invalidCell,
                en: "the input takes \(kindEN), but \"\(raw)\" is not valid JSON (\(error)): write it like \(example).",
                zh: "这个输入参数要\(kindZH)，但 \"\(raw)\" 不是有效的 JSON（\(error)）：请写成 \(example) 这样。"))
        }
        let fits = wantsArray ? value.arrayValue != nil : value.objectMembers != nil
        guard fits else {
            return .failure(place.problem(.invalidCell,
                en: "the input takes \(kindEN), but the cell holds \(value.typeDescription): write it like \(example).",
                zh: "这个输入参数要\(kindZH)，但单元格里是其他类型的值：请写成 \(example) 这样。"))
        }
        return .success(value)
    }

    // MARK: Files

    /// One file: a URL or an uploaded file's `{"file_id":"…"}` text as it is, else a file name.
    static func file(_ text: String, _ place: Place, type: String) -> Result<TypedCell, BatchProblem> {
        if isFileReference(text) { return .success(TypedCell(value: .string(text))) }
        return fileName(text, place, type: type).map { TypedCell(value: TypedCell.filePlaceholder($0), files: [$0]) }
    }

    /// Several files: a JSON array of names and URLs, or names and URLs on separate lines or
    /// separated by semicolons.
    static func files(_ text: String, _ place: Place, type: String) -> Result<TypedCell, BatchProblem> {
        var entries: [String] = []
        if text.hasPrefix("[") {
            guard case .array(let items)? = try? JSONParser().parse(text), items.allSatisfy({ $0.stringValue != nil }) else {
                return .failure(place.problem(.invalidCell,
                    en: "the input takes several files (array<\(type)>), but \"\(text)\" is not a JSON array of names: write [\"a.jpg\", \"b.jpg\"], or the names on separate lines or separated by semicolons.",
                    zh: "这个输入参数要多个文件（array<\(type)>），但 \"\(text)\" 不是文件名的 JSON 数组：请写成 [\"a.jpg\", \"b.jpg\"]，或每行一个文件名，或用分号隔开。"))
            }
            entries = items.compactMap(\.stringValue)
        } else {
            entries = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == ";" || $0 == "；" }).map(String.init)
        }
        var values: [JSONValue] = []
        var names: [String] = []
        for entry in entries.map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            switch file(entry, place, type: type) {
            case .success(let typed):
                values.append(typed.value)
                names += typed.files
            case .failure(let problem):
                return .failure(problem)
            }
        }
        return .success(TypedCell(value: .array(values), files: names))
    }

    /// A URL, or an uploaded file's `{"file_id":"…"}` text (as `ParameterCheck` tells them).
    static func isFileReference(_ text: String) -> Bool {
        if text.hasPrefix("{") { return text.contains("file_id") }
        let lowered = text.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    /// The plain name of a file in the workflow folder's `files/` folder (or next to the table);
    /// a leading `files/` is dropped.
    static func fileName(_ text: String, _ place: Place, type: String) -> Result<String, BatchProblem> {
        var name = text
        for prefix in ["files/", "files\\"] where name.lowercased().hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        let plain = !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !name.hasPrefix(".") && !name.contains("\0") && name.utf8.count <= 200
        guard plain else {
            return .failure(place.problem(.invalidFileName,
                en: "the input takes a file (\(type)), but \"\(text)\" is neither an http(s) URL nor a plain file name: put the file into the workflow folder's files/ folder (or next to the table) and write just its name, e.g. photo.jpg.",
                zh: "这个输入参数要文件（\(type)），但 \"\(text)\" 既不是 http(s) 网址，也不是普通文件名：请把文件放进工作流文件夹的 files/ 文件夹（或与表格放在一起），单元格里只写文件名，例如 photo.jpg。"))
        }
        return .success(name)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
