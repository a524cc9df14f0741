import Foundation
import OrderedJSON

/// How one request ended, with everything the result record shows.
public struct JobResult: Sendable {
    public enum Status: String, Sendable { case success, failed }

    public var status: Status
    public var mode: RunMode?
    /// What was sent, every optional field present (`null` when unset); `null` for an invalid file.
    public var request: JSONValue = .null
    /// The final API body as received (a string when it was not JSON).
    public var response: JSONValue?
    /// Async only: the body of the start call.
    public var startResponse: JSONValue?
    public var output: JSONValue?
    public var executeID: String?
    public var debugURL: String?
    public var logid: String?
    public var usage: JSONValue?
    public var error: JobFailure?
    public var startedAt: Date
    public var finishedAt: Date
    public var duration: Duration = .zero
    public var polls = 0
    /// Calls made again after a transient failure.
    public var retries = 0

    public init(status: Status, mode: RunMode?, startedAt: Date) {
        self.status = status
        self.mode = mode
        self.startedAt = startedAt
        self.finishedAt = startedAt
    }

    /// A request that failed before any call was made.
    public static func invalid(_ problem: String, at date: Date) -> JobResult {
        var result = JobResult(status: .failed, mode: nil, startedAt: date)
        result.error = JobFailure(kind: .invalidRequest, message: problem)
        return result
    }
}
