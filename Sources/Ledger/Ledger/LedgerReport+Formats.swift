import OrderedJSON
import Spreadsheets

extension LedgerReport {
    /// The columns of the table and CSV forms.
    public var columnNames: [String] {
        [grouping.rawValue, "runs", "succeeded", "failed", "failures_by_kind", "input_tokens", "output_tokens", "total_tokens", "p50_ms", "p95_ms"]
    }

    static func cells(_ row: Row) -> [String] {
        [row.key, String(row.runs), String(row.succeeded), String(row.failed),
         row.failuresByKind.map { "\($0.kind) \($0.count)" }.joined(separator: ", "),
         String(row.inputTokens), String(row.outputTokens), String(row.totalTokens), String(row.p50Milliseconds), String(row.p95Milliseconds)]
    }

    /// An aligned text table for a terminal, the total last.
    public var table: String {
        let body = rows.map(Self.cells) + [Self.cells(total)]
        let all = [columnNames] + body
        let widths = columnNames.indices.map { column in all.map { TerminalWidth.of($0[column]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let text = cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - TerminalWidth.of(cell))
                // Text left, numbers right.
                return (index == 0 || index == 4) ? cell + pad : pad + cell
            }.joined(separator: "  ")
            return String(text.reversed().drop(while: { $0 == " " }).reversed())
        }
        var lines = [line(columnNames), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += body.dropLast().map(line)
        lines.append(line(body.last!))
        return lines.joined(separator: "\n")
    }

    /// CSV for scripts (no byte-order mark, the total as the last row).
    public var csv: [UInt8] {
        CSVWriter(byteOrderMark: false).bytes(header: columnNames, rows: rows.map(Self.cells) + [Self.cells(total)])
    }

    /// JSON for scripts: `{"by": "folder", "rows": [{…}], "total": {…}}`.
    public var json: JSONValue {
        func object(_ row: Row) -> JSONValue {
            .object([
                JSONMember(key: "key", value: .string(row.key)),
                JSONMember(key: "runs", value: .integer(row.runs)),
                JSONMember(key: "succeeded", value: .integer(row.succeeded)),
                JSONMember(key: "failed", value: .integer(row.failed)),
                JSONMember(key: "failures_by_kind", value: .object(row.failuresByKind.map { JSONMember(key: $0.kind, value: .integer($0.count)) })),
                JSONMember(key: "input_tokens", value: .integer(row.inputTokens)),
                JSONMember(key: "output_tokens", value: .integer(row.outputTokens)),
                JSONMember(key: "total_tokens", value: .integer(row.totalTokens)),
                JSONMember(key: "p50_ms", value: .integer(row.p50Milliseconds)),
                JSONMember(key: "p95_ms", value: .integer(row.p95Milliseconds)),
            ])
        }
        return .object([
            JSONMember(key: "by", value: .string(grouping.rawValue)),
            JSONMember(key: "rows", value: .array(rows.map(object))),
            JSONMember(key: "total", value: object(total)),
        ])
    }
}
