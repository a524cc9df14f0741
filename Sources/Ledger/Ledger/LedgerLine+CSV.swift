import Foundation
import Spreadsheets
import WorkflowJobs

extension LedgerLine {
    /// The ledger files' columns, in order.
    public static let header = ["time", "folder", "source_file", "batch_row", "status", "error_kind", "duration_ms",
                                "input_tokens", "output_tokens", "total_tokens", "execute_id", "logid", "workflow_id", "job"]

    /// The line's cells, in `header` order; the time in Beijing time (`2026-11-30T16:00:02.000+08:00`).
    public var fields: [String] {
        [BeijingTime.iso8601(time), folder, sourceFile, batchRow.map(String.init) ?? "", status, errorKind ?? "",
         String(durationMilliseconds), inputTokens.map(String.init) ?? "", outputTokens.map(String.init) ?? "",
         totalTokens.map(String.init) ?? "", executeID ?? "", logID ?? "", workflowID ?? "", job ?? ""]
    }

    /// The line as CSV (RFC 4180 quoting, CRLF), with the header and a byte-order mark in front
    /// when it starts a new file (so Excel opens it with Chinese intact).
    public func csv(startingFile: Bool) -> [UInt8] {
        startingFile ? CSVWriter(byteOrderMark: true).bytes(header: Self.header, rows: [fields])
            : CSVWriter(byteOrderMark: false).bytes(header: fields, rows: [])
    }

    /// A line from its cells, the columns found by name in `header` (older files may lack the later
    /// columns); nil when the time, status or duration cannot be read.
    public init?(cells: [String], header: [String]) {
        func cell(_ name: String) -> String? {
            guard let index = header.firstIndex(of: name), index < cells.count else { return nil }
            let text = cells[index].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        guard let timeText = cell("time"), let time = Self.date(beijing: timeText), let status = cell("status"),
              let duration = cell("duration_ms").flatMap(Int.init) else { return nil }
        self.init(
            time: time, folder: cell("folder") ?? "", sourceFile: cell("source_file") ?? "", batchRow: cell("batch_row").flatMap(Int.init),
            status: status, errorKind: cell("error_kind"), durationMilliseconds: duration,
            inputTokens: cell("input_tokens").flatMap(Int.init), outputTokens: cell("output_tokens").flatMap(Int.init),
            totalTokens: cell("total_tokens").flatMap(Int.init), executeID: cell("execute_id"), logID: cell("logid"),
            workflowID: cell("workflow_id"), job: cell("job"))
    }

    /// Reads `2026-11-30T16:00:02.000+08:00` (or without milliseconds, or ending in `Z`), by
    /// arithmetic as `BeijingTime` writes it (no time zone database needed).
    static func date(beijing text: String) -> Date? {
        let characters = Array(text)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= characters.count else { return nil }
            return Int(String(characters[from..<(from + count)]))
        }
        guard characters.count >= 20, let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var index = 19
        var milliseconds = 0
        if characters[index] == "." {
            index += 1
            var digits = ""
            while index < characters.count, characters[index].isNumber { digits.append(characters[index]); index += 1 }
            milliseconds = Int((digits + "000").prefix(3)) ?? 0
        }
        var offset = 0
        if index < characters.count, characters[index] == "+" || characters[index] == "-" {
            guard let hours = number(index + 1, 2), let minutes = number(index + 4, 2) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (characters[index] == "-" ? -1 : 1)
        } else if index >= characters.count || characters[index] != "Z" {
            return nil
        }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000)
    }

    /// Howard Hinnant's days-from-civil: days since 1970-01-01.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
