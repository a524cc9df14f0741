import Foundation
import Spreadsheets

/// Reads every agent's ledger files under a root.
public struct LedgerReader: Sendable {
    public var root: String

    public init(root: String) {
        self.root = root
    }

    /// What was read: the lines, oldest first, and the files or lines that could not be read.
    public struct Contents: Sendable, Equatable {
        public var lines: [LedgerLine]
        /// `ledger/2026-11.b.csv: …` for each file or line skipped, to show the user.
        public var problems: [String]
    }

    /// Every line of every `ledger/YYYY-MM.*.csv`; only the files of `months` when given (`2026-11`).
    public func read(months: Set<String>? = nil) -> Contents {
        let folder = "\(root)/\(LedgerFile.folderName)"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        var lines: [LedgerLine] = []
        var problems: [String] = []
        let reader = TableReader(limits: TableLimits(maximumRows: 50_000_000, maximumColumns: 100, maximumCellBytes: 1 << 16))
        for name in names {
            guard let month = LedgerFile.month(ofFileNamed: name), months?.contains(month) ?? true else { continue }
            let place = "\(LedgerFile.folderName)/\(name)"
            guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)") else {
                problems.append("\(place): cannot be read")
                continue
            }
            do {
                let table = try reader.table(fileName: name, bytes: Array(data))
                for (index, cells) in table.rows.enumerated() {
                    if let line = LedgerLine(cells: cells, header: table.header) {
                        lines.append(line)
                    } else {
                        problems.append("\(place) row \(table.rowNumbers[index]): not a ledger line (time, status or duration_ms missing)")
                    }
                }
            } catch {
                problems.append("\(place): \(error.message)")
            }
        }
        lines.sort { $0.time < $1.time }
        return Contents(lines: lines, problems: problems)
    }
}
