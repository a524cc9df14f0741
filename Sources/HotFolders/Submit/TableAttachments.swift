import Foundation

/// The files a dropped table names, to be copied into `inbox/<NAME>/files/` before the table:
/// every cell of the `file_parameter` column, and any other cell that is exactly the name of a file
/// next to the table. A `file_parameter` cell that is a web address (`http://`, `https://`) is
/// sent as it is; one naming a file found nowhere is a problem to report before dropping anything.
public struct TableAttachments: Sendable, Equatable {
    /// A cell naming a file that is neither next to the table nor already in `files/`.
    public struct Missing: Sendable, Equatable {
        /// The row as the user sees it (1-based, the header is row 1 in a CSV).
        public var row: Int
        public var column: String
        public var name: String

        public init(row: Int, column: String, name: String) {
            self.row = row
            self.column = column
            self.name = name
        }
    }

    /// File names to copy, each once, in the order the table first names them.
    public var files: [String]
    public var missing: [Missing]

    public init(files: [String] = [], missing: [Missing] = []) {
        self.files = files
        self.missing = missing
    }

    /// - Parameters:
    ///   - header, rows, rowNumbers: the table.
    ///   - fileParameter: the `workflow.json` key naming the input a file fills.
    ///   - nextToTable: names of the regular files in the table's folder (not the table itself).
    ///   - alreadyInFiles: names already in `inbox/<NAME>/files/`.
    public init(header: [String], rows: [[String]], rowNumbers: [Int], fileParameter: String?, nextToTable: Set<String>, alreadyInFiles: Set<String>) {
        var files: [String] = []
        var missing: [Missing] = []
        var seen: Set<String> = []
        let fileColumn = fileParameter.flatMap { header.firstIndex(of: $0) }
        for (index, row) in rows.enumerated() {
            for (column, cell) in row.enumerated() {
                let name = cell.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { continue }
                if nextToTable.contains(name) {
                    if seen.insert(name).inserted { files.append(name) }
                } else if column == fileColumn, !Self.isWebAddress(name), !alreadyInFiles.contains(name) {
                    missing.append(Missing(row: index < rowNumbers.count ? rowNumbers[index] : index + 2, column: header[column], name: name))
                }
            }
        }
        self.init(files: files, missing: missing)
    }

    static func isWebAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }
}
