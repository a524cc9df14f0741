import OrderedJSON
import WorkflowJobs

/// What the console line and the destination of a finished job need from its result.
struct RecordSummary {
    var destination: String
    var failure: JobFailure?
    var executeID: String?
    var duration: Duration?
    /// The record's `status` (`success`, `failed`, `needs_input`…).
    var status: String
    /// The question of a run waiting for an answer.
    var question: String?
    var logID: String?
    /// The record as read back (`nil` when the summary comes from a result).
    var record: JSONValue?

    init(_ result: JobResult) {
        destination = result.status == .failed ? "failed" : "outbox"
        failure = result.error
        executeID = result.executeID
        duration = result.duration
        status = result.status.rawValue
        question = result.question?.text
        logID = result.logid
    }

    /// From a record already written (when finishing a move after a restart).
    init(recordAt path: String, fileSystem: any FileSystem) {
        let json = (try? fileSystem.readFile(path, limit: 512 * 1024 * 1024)).flatMap { try? JSONParser().parse(bytes: $0) }
        destination = ["success", "needs_input"].contains(json?["status"]?.stringValue ?? "") ? "outbox" : "failed"
        if let error = json?["error"], let kind = error["kind"]?.stringValue.flatMap(JobFailure.Kind.init(rawValue:)) {
            failure = JobFailure(kind: kind, message: error["message"]?.stringValue ?? "")
        }
        executeID = json?["execute_id"]?.stringValue
        duration = json?["duration_ms"]?.integerValue.map { .milliseconds($0) }
        status = json?["status"]?.stringValue ?? (failure == nil ? "success" : "failed")
        question = json?["question"]?["text"]?.stringValue
        logID = json?["logid"]?.stringValue
        record = json
    }
}
