import Foundation
import WorkflowJobs

/// Where ledger lines go: `ledger/YYYY-MM.<agent>.csv` under the root, one file per agent and
/// Beijing month, so agents sharing a folder never write the same file.
public enum LedgerFile {
    /// The ledger folder's name under the root.
    public static let folderName = "ledger"

    /// `ledger/2026-11.<agent>.csv` for a line finished at `time`.
    public static func relativePath(time: Date, agent: String) -> String {
        "\(folderName)/\(month(of: time)).\(agent).csv"
    }

    /// The Beijing month of `time`, `2026-11`.
    public static func month(of time: Date) -> String {
        String(BeijingTime.iso8601(time).prefix(7))
    }

    /// Whether `name` is a ledger file's name (`2026-11.anything.csv`), and its month.
    public static func month(ofFileNamed name: String) -> String? {
        guard name.hasSuffix(".csv"), name.count > 12 else { return nil }
        let month = String(name.prefix(7))
        let characters = Array(month)
        guard characters.count == 7, characters[4] == "-", name.dropFirst(7).first == ".",
              Int(String(characters[0..<4])) != nil, Int(String(characters[5..<7])) != nil else { return nil }
        return month
    }
}
