/// Which cell styles of a workbook show numbers as dates or times (Excel stores a date as a
/// number of days with a date format), and the text such a cell is read as: `2024-05-06`,
/// `2024-05-06 07:08:09`, or `07:08:09` for a time of day.
struct DateStyles {
    /// For each `cellXfs` entry (a cell's `s`), whether its number format is a date/time.
    private var isDate: [Bool] = []
    /// The workbook counts days from 1904 (old Mac Excel) instead of 1900.
    var date1904 = false

    init() {}

    init(_ bytes: [UInt8], part: String) throws(SpreadsheetError) {
        var tokenizer = XMLTokenizer(bytes, part: part)
        var customDates: [Int: Bool] = [:]
        var inCellFormats = false
        var formatIDs: [Int] = []
        while let event = try tokenizer.next() {
            switch event {
            case .start("numFmt", let attributes):
                if let id = attributes["numFmtId"].flatMap({ Int($0) }) {
                    customDates[id] = Self.isDateFormat(attributes["formatCode"] ?? "")
                }
            case .start("cellXfs", _): inCellFormats = true
            case .end("cellXfs"): inCellFormats = false
            case .start("xf", let attributes) where inCellFormats:
                formatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
            default: break
            }
        }
        isDate = formatIDs.map { customDates[$0] ?? Self.builtInDateFormats.contains($0) }
    }

    /// Built-in number formats that show dates or times, including the CJK ones (27–36, 50–58).
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// A format code shows a date or time when it has d, m, y, h or s outside quotes, brackets
    /// (colours, locales, but `[h]` elapsed hours count) and escapes.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false, escaped = false
        // Only the first section (positive numbers) matters.
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\\", "_", "*": escaped = true
            case "\"": inQuotes.toggle()
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            case ";" where !inQuotes: return false
            case "h" where inBrackets, "s" where inBrackets: return true
            case "d", "m", "y", "h", "s":
                if !inQuotes && !inBrackets { return true }
            default: break
            }
        }
        return false
    }

    /// The date/time text of `stored` when the style `style` is a date format; nil otherwise.
    func text(forSerial stored: String, style: Int) -> String? {
        guard isDate.indices.contains(style), isDate[style], let serial = Double(stored.trimmingWhitespace()),
              serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        let time = String(format2(seconds / 3600)) + ":" + format2(seconds / 60 % 60) + ":" + format2(seconds % 60)
        if days == 0 && !date1904 { return time }
        // Days since 1970-01-01. Excel's 1900 system wrongly has 1900-02-29 (serial 60).
        let unixDays = date1904 ? days - 24_107 : (days < 60 ? days - 25_568 : days - 25_569)
        let (year, month, day) = Self.civil(fromDays: unixDays)
        let date = "\(year)-\(format2(month))-\(format2(day))"
        return seconds == 0 ? date : date + " " + time
    }

    private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
