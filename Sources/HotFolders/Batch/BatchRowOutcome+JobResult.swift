import CozeAPI
import OrderedJSON
import WorkflowJobs

extension BatchRowOutcome {
    /// The outcome of a row that ran: what `result` says, and its record (`ResultRecord.json`).
    public init(_ result: JobResult, record: JSONValue?) {
        let status: Status = switch result.status {
        case .success: .success
        case .failed: .failed
        case .needsInput: .needsInput
        }
        self.init(status: status, output: result.output, errorKind: result.error?.kind.rawValue, errorMessage: result.error?.message,
                  question: result.question?.text, tokens: result.usage?["token_count"]?.integerValue,
                  durationMilliseconds: Int(result.duration.components.seconds * 1000 + result.duration.components.attoseconds / 1_000_000_000_000_000),
                  executeID: result.executeID, debugURL: result.debugURL, record: record)
    }

    /// The outcome of a row that failed without a run, for the problems in its cells.
    public init(failing row: BatchPlan.Row, language: Language) {
        self.init(status: .failed, errorKind: JobFailure.Kind.invalidRequest.rawValue, errorMessage: row.failure(language))
    }
}
