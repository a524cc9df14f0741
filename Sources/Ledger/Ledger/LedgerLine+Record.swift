import Foundation
import OrderedJSON

extension LedgerLine {
    /// The line of a finished job, from its result record (`NAME.response.json`): its status, error
    /// kind, duration, Coze's `usage` (`input_count`, `output_count`, `token_count`), execute id,
    /// logid and workflow id; the time is the record's `finished_at`. `nil` when the record has no
    /// status or no readable `finished_at` (not a record).
    public init?(record: JSONValue, folder: String, sourceFile: String, batchRow: Int?, job: String) {
        guard let status = record["status"]?.stringValue,
              let finished = record["finished_at"]?.stringValue.flatMap(Self.date(beijing:)) else { return nil }
        let usage = record["usage"]
        self.init(
            time: finished, folder: folder, sourceFile: sourceFile, batchRow: batchRow, status: status,
            errorKind: record["error"]?["kind"]?.stringValue, durationMilliseconds: record["duration_ms"]?.integerValue ?? 0,
            inputTokens: usage?["input_count"]?.integerValue, outputTokens: usage?["output_count"]?.integerValue,
            totalTokens: usage?["token_count"]?.integerValue, executeID: record["execute_id"]?.stringValue,
            logID: record["logid"]?.stringValue, workflowID: record["request"]?["workflow_id"]?.stringValue, job: job)
    }
}
