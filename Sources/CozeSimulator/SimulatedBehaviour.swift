import OrderedJSON

/// What a caller asks the simulator to do, written in the run's parameters as
/// `"_simulate": {…}` (that key is never echoed back). Every field is optional:
///
/// | key | effect |
/// |---|---|
/// | `delay_ms` | hold the answer to the run call back this long |
/// | `running_polls` | an async run answers `Running` to this many polls before it ends |
/// | `running_ms` | an async run answers `Running` until this long after it started |
/// | `fail` | the run fails with this message (sync: an engine error code; async: `execute_status: Fail`) |
/// | `code` | answer the run call with this business error code (and `msg`) |
/// | `http_status` | answer the run call with this HTTP status |
/// | `body` | answer the run call with this raw text instead of JSON (e.g. an HTML page) |
/// | `output` | the workflow's output instead of the echoed parameters |
/// | `interrupt` | a sync run stops at a question with this text (`interrupt_data` in the body) |
/// | `fault` | a `SimulatedFault` for the run call (e.g. `"reset_after"`: the run starts, the answer is lost) |
/// | `poll_faults` | faults for the run's successive polls, e.g. `["429", "reset", "500"]` |
/// | `chunks` | a streamed run sends its text in this many Message events (default 3) |
/// | `ping_ms` | a streamed run sends a PING this often while it runs (`running_ms`) |
/// | `questions` | a run with `interrupt` asks this many questions in a row (default 1) |
/// | `cancel` | Coze Studio: an async run ends `Cancel` instead of `Success` |
/// | `stream_fault` | `"cut"`: the stream breaks in the middle of an event; `"stall"`: it goes silent (`stall_ms`, default 300,000) |
/// | `end_text` | the End node answers this text (text mode): streamed in `chunks` Message chunks, `{"content_type":1,"data":…}` in run and history answers |
/// | `end_title` | the End node's title (default `End`; users rename it, e.g. `结束`) |
/// | `done_empty` | a stream's Done carries `{}` (no `debug_url`), as in the docs' examples |
/// | `interrupt_fields` | the question is an Input node (type 5) asking for these fields, e.g. `["name", "age"]` |
/// | `trimmed` | an async run's history says `is_output_trimmed` with this long text cut short in an Output node; `execute_nodes` gives it whole |
/// | `trimmed_lost` | with `trimmed`: `execute_nodes` no longer has the node's output (code 4200) |
///
/// A chatflow (`POST /v1/workflows/chat`) reads `delay_ms` (before the first event), `chunks` (the answer
/// in this many `conversation.message.delta` events), `fail` (`conversation.chat.failed`, `last_error.code`
/// "720701013"), `interrupt` and `questions` (the chat asks and ends with `requires_action`; the next call
/// on the same `conversation_id` answers it), `code`, `http_status`, `body`, `fault` and `stream_fault: "cut"`.
public struct SimulatedBehaviour: Sendable, Equatable {
    public var delayMilliseconds = 0
    public var runningPolls = 0
    public var runningMilliseconds = 0
    public var failure: String?
    public var code: Int?
    public var httpStatus: Int?
    public var rawBody: String?
    public var output: JSONValue?
    public var interrupt: String?
    public var fault: SimulatedFault?
    public var pollFaults: [SimulatedFault] = []
    public var chunks = 3
    public var pingMilliseconds = 0
    public var questions = 1
    public var streamFault: String?
    public var stallMilliseconds = 300_000
    public var endText: String?
    public var endTitle = "End"
    public var doneEmpty = false
    public var interruptFields: [String] = []
    public var trimmed: String?
    public var trimmedLost = false
    public var cancel = false

    public init() {}

    init(_ value: JSONValue?) {
        guard let value else { return }
        delayMilliseconds = value["delay_ms"]?.integerValue ?? 0
        runningPolls = value["running_polls"]?.integerValue ?? 0
        runningMilliseconds = value["running_ms"]?.integerValue ?? 0
        failure = value["fail"]?.stringValue
        code = value["code"]?.integerValue
        httpStatus = value["http_status"]?.integerValue
        rawBody = value["body"]?.stringValue
        output = value["output"]
        interrupt = value["interrupt"]?.stringValue
        fault = value["fault"]?.stringValue.flatMap(SimulatedFault.init(rawValue:))
        pollFaults = value["poll_faults"]?.arrayValue?.compactMap { $0.stringValue.flatMap(SimulatedFault.init(rawValue:)) } ?? []
        chunks = max(1, value["chunks"]?.integerValue ?? 3)
        pingMilliseconds = value["ping_ms"]?.integerValue ?? 0
        questions = max(1, value["questions"]?.integerValue ?? 1)
        streamFault = value["stream_fault"]?.stringValue
        stallMilliseconds = value["stall_ms"]?.integerValue ?? 300_000
        endText = value["end_text"]?.stringValue
        endTitle = value["end_title"]?.stringValue ?? "End"
        doneEmpty = value["done_empty"]?.boolValue ?? false
        interruptFields = value["interrupt_fields"]?.arrayValue?.compactMap(\.stringValue) ?? []
        trimmed = value["trimmed"]?.stringValue
        trimmedLost = value["trimmed_lost"]?.boolValue ?? false
        cancel = value["cancel"]?.boolValue ?? false
    }
}
