import HotFolders
import OrderedJSON

extension BatchRowOutcome {
    /// The outcome of a row from its result record (`ResultRecord.json`), as kept in the batch's place.
    init(record: JSONValue) {
        let status = record["status"]?.stringValue.map { Status(rawValue: $0) } ?? .failed
        let output = record["output"].flatMap { $0.isNull ? nil : $0 }
        self.init(status: status, output: output, errorKind: record["error"]?["kind"]?.stringValue,
                  errorMessage: record["error"]?["message"]?.stringValue, question: record["question"]?["text"]?.stringValue,
                  tokens: record["usage"]?["token_count"]?.integerValue, durationMilliseconds: record["duration_ms"]?.integerValue,
                  executeID: record["execute_id"]?.stringValue, debugURL: record["debug_url"]?.stringValue, record: record)
    }
}
