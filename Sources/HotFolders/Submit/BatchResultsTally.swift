import Foundation
import Spreadsheets

/// What a batch's results table says: rows whose `status` is `success`, and the rest.
public struct BatchResultsTally: Sendable, Equatable {
    public var succeeded: Int
    public var failed: Int
    /// Whether the table has a `status` column at all (without one, nothing can be told).
    public var hasStatusColumn: Bool

    public init(succeeded: Int, failed: Int, hasStatusColumn: Bool = true) {
        self.succeeded = succeeded
        self.failed = failed
        self.hasStatusColumn = hasStatusColumn
    }

    public init(results: TextTable) {
        guard let column = results.column(named: "status") else {
            self.init(succeeded: 0, failed: 0, hasStatusColumn: false)
            return
        }
        let succeeded = results.rows.filter { $0[column].trimmingCharacters(in: .whitespaces) == "success" }.count
        self.init(succeeded: succeeded, failed: results.rows.count - succeeded)
    }

    /// Every row succeeded (and there was a way to tell).
    public var allSucceeded: Bool { hasStatusColumn && failed == 0 }
}
