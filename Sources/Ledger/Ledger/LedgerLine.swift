import Foundation

/// One finished job in the ledger: when, where, how it ended, how long it took and what it cost.
///
/// A line of `ledger/YYYY-MM.<agent>.csv`; see `LedgerLine+CSV.swift` for its columns.
public struct LedgerLine: Sendable, Equatable {
    /// When the job finished.
    public var time: Date
    /// The drop folder (`inbox/NAME` → `NAME`; the inbox itself is empty).
    public var folder: String
    /// The request or table the job came from.
    public var sourceFile: String
    /// The table row (1-based, as a spreadsheet shows it) for a batch job.
    public var batchRow: Int?
    /// `succeeded`, `failed`, `needs_input`, `interrupted`… as the result record says.
    public var status: String
    /// CozeDrop's error kind (`network`, `timeout`, `token_expired`…) for a failure.
    public var errorKind: String?
    public var durationMilliseconds: Int
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var totalTokens: Int?
    public var executeID: String?
    public var logID: String?
    /// The workflow's id (for `report --by workflow`).
    public var workflowID: String?
    /// Which job this is (`<agent>/<job id>`): how a restart finishing a job's filing knows whether
    /// its line is written already.
    public var job: String?

    public init(
        time: Date, folder: String, sourceFile: String, batchRow: Int? = nil, status: String, errorKind: String? = nil,
        durationMilliseconds: Int, inputTokens: Int? = nil, outputTokens: Int? = nil, totalTokens: Int? = nil,
        executeID: String? = nil, logID: String? = nil, workflowID: String? = nil, job: String? = nil
    ) {
        self.time = time
        self.folder = folder
        self.sourceFile = sourceFile
        self.batchRow = batchRow
        self.status = status
        self.errorKind = errorKind
        self.durationMilliseconds = durationMilliseconds
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens
        self.executeID = executeID
        self.logID = logID
        self.workflowID = workflowID
        self.job = job
    }

    /// Whether the job counts as a failure (`failed` or `interrupted`, or any line with an error kind).
    public var isFailure: Bool {
        status == "failed" || status == "interrupted" || errorKind != nil
    }

    /// The failure's kind for counting: the error kind, else the status.
    public var failureKind: String? {
        guard isFailure else { return nil }
        return errorKind ?? status
    }
}
