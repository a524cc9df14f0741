import Foundation
import OrderedJSON

/// How one request ended, with everything the result record shows.
public struct JobResult: Sendable {
    public enum Status: String, Sendable {
        case success, failed
        /// The workflow asked a question and waits for an answer file.
        case needsInput = "needs_input"
    }

    /// The question a run stopped at, with what answering it takes.
    public struct Question: Sendable, Equatable {
        public var text: String
        public var nodeTitle: String
        public var eventID: String
        public var interruptType: Int
        /// Answers Coze still accepts for this run (it allows 3 in all).
        public var resumesLeft: Int

        public init(text: String, nodeTitle: String, eventID: String, interruptType: Int, resumesLeft: Int) {
            self.text = text
            self.nodeTitle = nodeTitle
            self.eventID = eventID
            self.interruptType = interruptType
            self.resumesLeft = resumesLeft
        }
    }

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
    /// Stream mode: every event and each node's text.
    public var transcript: StreamTranscript?
    /// Chat mode: every event, the answer text, the conversation and chat ids.
    public var chatTranscript: ChatTranscript?
    public var question: Question?
    /// For an answer: the record of the run it continues.
    public var continues: String?
    /// The input files uploaded for this job.
    public var uploads: [JournalEntry.Attachment] = []

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
