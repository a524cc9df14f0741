/// Whether a dropped table's batch has finished, from the names in its workflow folder's
/// `outbox/<NAME>/` and `failed/<NAME>/` and what the agents report in `status.json`.
///
/// Finished: the table was moved to `outbox/<NAME>/` and `<stem>.results.csv` is there. Refused
/// (not one row run): the table arrived in `failed/<NAME>/`, with `<stem>.result.txt` saying why.
public struct BatchWatch: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// No agent reports the batch yet (not taken, or taken but not counted).
        case waiting
        case running(BatchStatusEntry)
        /// Every row has run; the results table is `outbox/<NAME>/<resultsName>`.
        case finished(resultsName: String)
        /// The whole table was refused; `summaryReady` tells whether its summary is there yet.
        case refused(summaryName: String, summaryReady: Bool)
    }

    /// The workflow folder's name.
    public var folder: String
    /// The table's name as dropped.
    public var table: String

    public init(folder: String, table: String) {
        self.folder = folder
        self.table = table
    }

    public var resultsName: String { BatchTableName.resultsName(table) }
    public var summaryName: String { BatchTableName.summaryName(table) }

    public func state(outbox: some Collection<String>, failed: some Collection<String>, batches: [BatchStatusEntry]) -> State {
        if outbox.contains(table), outbox.contains(resultsName) { return .finished(resultsName: resultsName) }
        if failed.contains(table) { return .refused(summaryName: summaryName, summaryReady: failed.contains(summaryName)) }
        if let progress = batches.last(where: { $0.folder == folder && $0.table == table }) { return .running(progress) }
        return .waiting
    }
}
