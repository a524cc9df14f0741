import CozeAPI
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
        /// `required_parameters` as Coze sent them (name → type, required, description…).
        public var requiredParameters: JSONValue = .object([])
        /// The fields an input node wants: the answer is then an object with these keys.
        public var fieldNames: [String] = []
        /// Whether the answer is an object of fields (sent to Coze as a JSON string).
        public var wantsFields: Bool { interruptType == WorkflowQuestion.inputNodeType && !fieldNames.isEmpty }

        public init(text: String, nodeTitle: String, eventID: String, interruptType: Int, resumesLeft: Int) {
            self.text = text
            self.nodeTitle = nodeTitle
            self.eventID = eventID
            self.interruptType = interruptType
            self.resumesLeft = resumesLeft
        }

        /// A question read from Coze's `interrupt_data`; `fallbackText` when it carries no text of its own.
        public init(_ question: WorkflowQuestion, fallbackText: String? = nil, resumesLeft: Int) {
            self.init(text: question.text.isEmpty ? fallbackText ?? "" : question.text, nodeTitle: question.nodeTitle,
                      eventID: question.eventID, interruptType: question.type, resumesLeft: resumesLeft)
            requiredParameters = question.requiredParameters
            fieldNames = question.fieldNames
        }
    }

    /// An output Coze cut (over 1 MB) and what fetching it in full gave.
    public struct TrimmedOutput: Sendable, Equatable {
        /// Output nodes whose full output was fetched and put into `output`.
        public var completed: [String] = []
        /// Why the output is still incomplete, when it is.
        public var problem: String?

        public init(completed: [String] = [], problem: String? = nil) {
            self.completed = completed
            self.problem = problem
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
    /// Set when Coze said the output was trimmed (`is_output_trimmed`).
    public var trimmedOutput: TrimmedOutput?
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
    /// For a retried request: the record of the earlier attempt (`failed/a.response.json`).
    public var retryOf: String?
    /// The input files uploaded for this job.
    public var inputFiles: [InputFile] = []

    /// An input file uploaded for the job: its name as the request wrote it, and what Coze gave back.
    public struct InputFile: Sendable, Equatable {
        /// Its name as the request wrote it.
        public var name: String
        /// Its size.
        public var bytes: Int?
        /// Coze's id for it.
        public var fileID: String?
        /// Where the server keeps it (Coze Studio's workflows take this instead of the id).
        public var url: String?

        /// An uploaded file as the record lists it.
        public init(name: String, bytes: Int? = nil, fileID: String? = nil, url: String? = nil) {
            self.name = name
            self.bytes = bytes
            self.fileID = fileID
            self.url = url
        }
    }

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
