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
        for name in names {
            guard let month = LedgerFile.month(ofFileNamed: name), months?.contains(month) ?? true else { continue }
            let place = "\(LedgerFile.folderName)/\(name)"
            guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)") else {
                problems.append("\(place): cannot be read")
                continue
            }
            let contents = Self.contents(of: Array(data), fileName: name, place: place)
            lines += contents.lines
            problems += contents.problems
        }
        lines.sort { $0.time < $1.time }
        return Contents(lines: lines, problems: problems)
    }

    /// The lines of one ledger file's bytes. A last line without its line break was cut short by a
    /// crash while it was written: it is left out (the job's filing, finished after the restart,
    /// writes it again whole).
    public static func contents(of bytes: [UInt8], fileName: String, place: String) -> Contents {
        var bytes = bytes
        var problems: [String] = []
        if let last = bytes.last, last != UInt8(ascii: "\n") {
            let cut = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            bytes.removeSubrange(cut...)
            problems.append("\(place): its last line is unfinished (written when a crash happened) and is left out")
        }
        var lines: [LedgerLine] = []
        guard !bytes.isEmpty else { return Contents(lines: [], problems: problems) }
        let reader = TableReader(limits: TableLimits(maximumRows: 50_000_000, maximumColumns: 100, maximumCellBytes: 1 << 16))
        do {
            let table = try reader.table(fileName: fileName, bytes: bytes)
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
        return Contents(lines: lines, problems: problems)
    }
}
