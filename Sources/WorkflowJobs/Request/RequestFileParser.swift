import CozeAPI
import Foundation
import OrderedJSON

/// Reads and checks a request file. Every problem is reported at once, each naming the field and
/// saying what to write instead; an unknown field is never sent silently.
public enum RequestFileParser {
    public static let knownFields = [
        "workflow_id", "parameters", "mode", "is_async", "bot_id", "app_id", "ext",
        "workflow_version", "connector_id", "poll", "timeout", "execute_id",
        "resume", "question", "resumes_left", "continues", "required_parameters",
        "message", "additional_messages", "conversation_id", "retry_of",
    ]
    static let pollFields = ["initial_interval", "max_interval", "max_attempts"]
    static let resumeFields = ["event_id", "interrupt_type", "answer"]
    /// Fields an answer file carries for the person filling it in; they only make sense with `resume`.
    static let answerFileFields = ["question", "resumes_left", "continues", "required_parameters"]

    /// Parses the raw bytes of a dropped file; the problems are told in `language`.
    /// `pollDefaults` fills in what a request's `poll` leaves out (`coze-drop run`: the old scripts'
    /// 2 s / 30 s / 120 polls; the agent: up to Coze's 24-hour limit, or the folder's settings).
    public static func parse(_ bytes: [UInt8], language: Language = .en, pollDefaults: PollPolicy = .standard) throws(RequestProblem) -> WorkflowRequest {
        let decoded = try RequestTextDecoder.decode(bytes, language: language)
        let document: JSONValue
        do {
            document = try JSONParser(rejectsDuplicateKeys: true).parse(bytes: decoded.utf8)
        } catch {
            throw RequestProblem(language.pick(
                en: "The file is not valid JSON: \(error.reason) (line \(error.line), column \(error.column)).",
                zh: "文件不是有效的 JSON：\(error.reason)（第 \(error.line) 行，第 \(error.column) 列）。"))
        }
        return try validate(document, language: language, pollDefaults: pollDefaults)
    }

    /// Reads a `poll` object outside a request (a folder's `coze-drop.json`), over `defaults`.
    public static func pollPolicy(_ value: JSONValue, defaults: PollPolicy, language: Language = .en) throws(RequestProblem) -> PollPolicy {
        var fields = Fields(members: [JSONMember(key: "poll", value: value)], language: language)
        fields.pollDefaults = defaults
        let policy = fields.poll()
        guard fields.problems.isEmpty else { throw RequestProblem(fields.problems) }
        return policy
    }

    /// Checks a parsed document against the request format.
    public static func validate(_ document: JSONValue, language: Language = .en, pollDefaults: PollPolicy = .standard) throws(RequestProblem) -> WorkflowRequest {
        guard let members = document.objectMembers else {
            throw RequestProblem(language.pick(
                en: "The file holds \(document.typeDescription), but a request must be a JSON object such as {\"workflow_id\": \"7366468917055111111\", \"parameters\": {}}.",
                zh: "文件中是\(Fields.chinese(document))，但请求必须是一个 JSON 对象，例如 {\"workflow_id\": \"7366468917055111111\", \"parameters\": {}}。"))
        }
        var fields = Fields(members: members, language: language)
        fields.pollDefaults = pollDefaults
        fields.rejectUnknown()
        let workflowID = fields.identifier("workflow_id", required: true)
        let parameters = fields.parameters()
        let botID = fields.identifier("bot_id", required: false, digitsOnly: false)
        let appID = fields.identifier("app_id", required: false, digitsOnly: false)
        let connectorID = fields.identifier("connector_id", required: false, digitsOnly: false)
        let workflowVersion = fields.text("workflow_version")
        let ext = fields.ext()
        let executeID = fields.identifier("execute_id", required: false)
        let mode = fields.mode(hasExecuteID: executeID != nil)
        let poll = fields.poll()
        let timeout = fields.timeout()
        let resume = fields.resume()
        if resume != nil {
            if executeID != nil {
                fields.problem("An answer (`resume`) and `execute_id` cannot go together: the answer starts the run again and the agent follows it. Remove `execute_id`.",
                               zh: "回答（`resume`）不能和 `execute_id` 一起使用：回答会让运行继续，代理会跟踪它。请删除 `execute_id`。")
            }
            if fields.has("parameters") {
                fields.problem("An answer file carries no `parameters`: the run already has them. Remove `parameters`, or remove `resume` to start a new run.",
                               zh: "回答文件不带 `parameters`：运行已经有参数了。请删除 `parameters`；如果要开始新的运行，请删除 `resume`。")
            }
        } else if mode != .chat {
            for key in RequestFileParser.answerFileFields where fields.has(key) {
                fields.problem("`\(key)` belongs in an answer file, next to a `resume` object; remove it from this request.",
                               zh: "`\(key)` 只属于回答文件（与 `resume` 对象一起）；请从这个请求中删除它。")
            }
        }
        if botID != nil, appID != nil {
            fields.problem("`bot_id` and `app_id` are both set; Coze accepts only one of them. Remove one.",
                           zh: "`bot_id` 和 `app_id` 同时设置了；Coze 只接受其中一个。请删除一个。")
        }
        if let mode {
            if mode != .async, fields.has("poll") {
                fields.problem("`poll` is only used with \"mode\": \"async\"; remove it, or set \"mode\": \"async\".",
                               zh: "`poll` 只用于 \"mode\": \"async\"；请删除它，或设置 \"mode\": \"async\"。")
            }
            if mode == .async, fields.has("timeout") {
                fields.problem("`timeout` is only used with sync runs; an async run is bounded by `poll.max_attempts`. Remove it.",
                               zh: "`timeout` 只用于同步运行；异步运行由 `poll.max_attempts` 限制。请删除它。")
            }
        }
        let chat = fields.chat(mode: mode, hasResume: resume != nil)
        let retryOf = fields.retryOf()
        guard fields.problems.isEmpty, let workflowID, let mode else { throw RequestProblem(fields.problems) }
        let invocation = WorkflowInvocation(
            workflowID: workflowID, parameters: parameters, botID: botID, appID: appID, ext: ext,
            workflowVersion: workflowVersion, connectorID: connectorID, isAsync: mode == .async)
        var request = WorkflowRequest(invocation: invocation, mode: mode, poll: poll, timeout: timeout, executeID: executeID)
        request.resume = resume
        request.attachments = fields.attachments
        request.chat = chat
        request.retryOf = retryOf
        return request
    }
}

/// The fields of one request object, read one by one while problems are collected.
struct Fields {
    let members: [JSONMember]
    let language: Language
    var problems: [String] = []
    /// Files named as `{"$file": "name"}`, in order of first mention.
    var attachments: [String] = []
    /// What a request's `poll` leaves out.
    var pollDefaults = PollPolicy.standard

    init(members: [JSONMember], language: Language) {
        self.members = members
        self.language = language
    }

    /// Records a problem, told in the request's language.
    mutating func problem(_ english: String, zh chinese: String) {
        problems.append(language.pick(en: english, zh: chinese))
    }

    /// A value's type for a Chinese sentence.
    static func chinese(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "布尔值（true/false）"
        case .number: "数字"
        case .string: "字符串"
        case .array: "数组"
        case .object: "对象"
        }
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// A field's value; an explicit `null` counts as absent.
    func value(_ key: String) -> JSONValue? {
        guard let found = members.first(where: { $0.key == key })?.value, !found.isNull else { return nil }
        return found
    }

    mutating func rejectUnknown() {
        for member in members where !RequestFileParser.knownFields.contains(member.key) {
            if let suggestion = FieldSuggestion.closest(to: member.key, among: RequestFileParser.knownFields) {
                problem("Unknown field `\(member.key)` — did you mean `\(suggestion)`?", zh: "未知字段 `\(member.key)`——是不是 `\(suggestion)`？")
            } else {
                problem("Unknown field `\(member.key)`. The fields a request may have are: \(RequestFileParser.knownFields.joined(separator: ", ")).",
                        zh: "未知字段 `\(member.key)`。请求可以有的字段是：\(RequestFileParser.knownFields.joined(separator: "、"))。")
            }
        }
    }

    /// An id: a string, or an integral JSON number kept exactly as written.
    mutating func identifier(_ key: String, required: Bool, digitsOnly: Bool = true) -> String? {
        guard let value = value(key) else {
            if required {
                problem("`\(key)` is missing. Copy the workflow id from the workflow's address in Coze, e.g. \"\(key)\": \"7366468917055111111\".",
                        zh: "缺少 `\(key)`。请从 Coze 中工作流页面的地址复制工作流 ID，例如 \"\(key)\": \"7366468917055111111\"。")
            }
            return nil
        }
        let example = "e.g. \"\(key)\": \"7366468917055111111\""
        let exampleZH = "例如 \"\(key)\": \"7366468917055111111\""
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                problem("`\(key)` is empty; \(example).", zh: "`\(key)` 是空的；\(exampleZH)。")
                return nil
            }
            if digitsOnly, !trimmed.allSatisfy(\.isASCIIDigit) {
                problem("`\(key)` must be only digits, but it is \"\(text)\"; \(example).", zh: "`\(key)` 只能是数字，但它是 \"\(text)\"；\(exampleZH)。")
                return nil
            }
            return trimmed
        case .number(let literal) where literal.allSatisfy(\.isASCIIDigit):
            return literal
        case .number(let literal):
            problem("`\(key)` must be a whole number written as a string of digits, but it is \(literal); \(example).", zh: "`\(key)` 必须是写成数字字符串的整数，但它是 \(literal)；\(exampleZH)。")
            return nil
        default:
            problem("`\(key)` must be a string of digits, but it is \(value.typeDescription); \(example).", zh: "`\(key)` 必须是数字字符串，但它是\(Self.chinese(value))；\(exampleZH)。")
            return nil
        }
    }

    mutating func text(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else {
            problem("`\(key)` must be a string, but it is \(value.typeDescription).", zh: "`\(key)` 必须是字符串，但它是\(Self.chinese(value))。")
            return nil
        }
        return text
    }

    mutating func parameters() -> JSONValue {
        guard let value = value("parameters") else { return .object([]) }
        guard let members = value.objectMembers else {
            problem("`parameters` must be an object like {\"user_name\": \"George\"}, but it is \(value.typeDescription).",
                    zh: "`parameters` 必须是对象，例如 {\"user_name\": \"George\"}，但它是\(Self.chinese(value))。")
            return .object([])
        }
        // A file is a whole parameter value or an element of an array value.
        for member in members {
            if let items = member.value.arrayValue {
                for (index, item) in items.enumerated() { _ = file(item, field: "parameters.\(member.key)[\(index)]") }
            } else {
                _ = file(member.value, field: "parameters.\(member.key)")
            }
        }
        return value
    }

    /// The name in a `{"$file": "name"}` value, checked to be a plain file name in the inbox.
    mutating func file(_ value: JSONValue, field: String) -> String? {
        guard let members = value.objectMembers, members.contains(where: { $0.key == "$file" }) else { return nil }
        let example = "e.g. {\"$file\": \"photo.jpg\"} for a file dropped into the inbox next to this request"
        guard members.count == 1, let name = members[0].value.stringValue else {
            problem("`\(field)` must be exactly {\"$file\": \"NAME\"}, \(example).", zh: "`\(field)` 必须正好是 {\"$file\": \"文件名\"}，例如 {\"$file\": \"photo.jpg\"}，表示放在收件箱中、与请求放在一起的文件。")
            return nil
        }
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\\"), !name.hasPrefix("."),
              !name.contains("\0"), name.utf8.count <= 200
        else {
            problem("`\(field)` names \"\(name)\", but a file must be named by its plain name in the inbox, without folders, `..` or a leading dot; \(example).",
                    zh: "`\(field)` 引用了 \"\(name)\"，但文件只能用它在收件箱中的普通文件名表示，不能含文件夹、`..`，也不能以点开头；例如 {\"$file\": \"photo.jpg\"}。")
            return nil
        }
        if !attachments.contains(name) { attachments.append(name) }
        return name
    }

    mutating func ext() -> [String: String]? {
        guard let value = value("ext") else { return nil }
        guard let entries = value.objectMembers else {
            problem("`ext` must be an object of strings like {\"user_id\": \"42\"}, but it is \(value.typeDescription).", zh: "`ext` 必须是字符串组成的对象，例如 {\"user_id\": \"42\"}，但它是\(Self.chinese(value))。")
            return nil
        }
        var result: [String: String] = [:]
        for entry in entries {
            guard let text = entry.value.stringValue else {
                problem("`ext.\(entry.key)` must be a string, but it is \(entry.value.typeDescription); write it in quotes.", zh: "`ext.\(entry.key)` 必须是字符串，但它是\(Self.chinese(entry.value))；请加上引号。")
                continue
            }
            result[entry.key] = text
        }
        return result
    }

    mutating func mode(hasExecuteID: Bool) -> RunMode? {
        var mode: RunMode?
        if let value = value("mode") {
            if let text = value.stringValue, let parsed = RunMode(rawValue: text.lowercased().trimmingCharacters(in: .whitespaces)) {
                mode = parsed
            } else {
                problem("`mode` must be \"sync\", \"async\", \"stream\" or \"chat\", but it is \(Self.show(value)).", zh: "`mode` 必须是 \"sync\"、\"async\"、\"stream\" 或 \"chat\"，但它是 \(Self.show(value))。")
                return nil
            }
        }
        if let value = value("is_async") {
            guard let isAsync = value.boolValue else {
                problem("`is_async` must be true or false, but it is \(value.typeDescription).", zh: "`is_async` 必须是 true 或 false，但它是\(Self.chinese(value))。")
                return nil
            }
            switch (mode, isAsync) {
            case (nil, true): mode = .async
            case (nil, false): mode = .sync
            case (.async?, true), (.sync?, false), (.stream?, false), (.chat?, false): break
            case (let given?, _):
                problem("`is_async` is \(isAsync) but `mode` is \"\(given.rawValue)\"; they disagree. Keep only `mode`.", zh: "`is_async` 是 \(isAsync)，而 `mode` 是 \"\(given.rawValue)\"，两者矛盾。请只保留 `mode`。")
                return nil
            }
        }
        if hasExecuteID {
            if let mode, mode != .async {
                problem("`execute_id` continues an async run, but `mode` is \"\(mode.rawValue)\". Set \"mode\": \"async\" or remove `execute_id`.", zh: "`execute_id` 用于继续异步运行，但 `mode` 是 \"\(mode.rawValue)\"。请设置 \"mode\": \"async\"，或删除 `execute_id`。")
                return nil
            }
            return .async
        }
        return mode ?? .sync
    }

    mutating func poll() -> PollPolicy {
        guard let value = value("poll") else { return pollDefaults }
        guard let entries = value.objectMembers else {
            problem("`poll` must be an object like {\"initial_interval\": 2, \"max_interval\": 30, \"max_attempts\": 120}, but it is \(value.typeDescription).",
                    zh: "`poll` 必须是对象，例如 {\"initial_interval\": 2, \"max_interval\": 30, \"max_attempts\": 120}，但它是\(Self.chinese(value))。")
            return pollDefaults
        }
        for entry in entries where !RequestFileParser.pollFields.contains(entry.key) {
            let suggestion = FieldSuggestion.closest(to: entry.key, among: RequestFileParser.pollFields)
            problem("Unknown field `poll.\(entry.key)`" + (suggestion.map { " — did you mean `\($0)`?" } ?? "; `poll` may have initial_interval, max_interval and max_attempts."),
                    zh: "未知字段 `poll.\(entry.key)`" + (suggestion.map { "——是不是 `\($0)`？" } ?? "；`poll` 可以有 initial_interval、max_interval 和 max_attempts。"))
        }
        var policy = pollDefaults
        if let seconds = seconds(value["initial_interval"], name: "poll.initial_interval", range: 0.1...3600) {
            policy.initialInterval = seconds
        }
        if let seconds = seconds(value["max_interval"], name: "poll.max_interval", range: 0.1...3600) {
            policy.maxInterval = seconds
        }
        if let attempts = value["max_attempts"], !attempts.isNull {
            if let count = attempts.integerValue, (1...100_000).contains(count) {
                policy.maxAttempts = count
            } else {
                problem("`poll.max_attempts` must be a whole number from 1 to 100000, but it is \(Self.show(attempts)).", zh: "`poll.max_attempts` 必须是 1 到 100000 之间的整数，但它是 \(Self.show(attempts))。")
            }
        }
        if policy.maxInterval < policy.initialInterval {
            problem("`poll.max_interval` is smaller than `poll.initial_interval`; make it at least as large.", zh: "`poll.max_interval` 小于 `poll.initial_interval`；请让它至少一样大。")
        }
        return policy
    }

    /// The `resume` object of an answer file, with the answer file's `resumes_left` and `continues`.
    mutating func resume() -> ResumeRequest? {
        guard let value = value("resume") else { return nil }
        guard let entries = value.objectMembers else {
            problem("`resume` must be an object like {\"event_id\": \"…\", \"interrupt_type\": 2, \"answer\": \"yes\"} (copy it from the answer file next to the record), but it is \(value.typeDescription).",
                    zh: "`resume` 必须是对象，例如 {\"event_id\": \"…\", \"interrupt_type\": 2, \"answer\": \"yes\"}（从结果记录旁边的回答文件复制），但它是\(Self.chinese(value))。")
            return nil
        }
        for entry in entries where !RequestFileParser.resumeFields.contains(entry.key) {
            let suggestion = FieldSuggestion.closest(to: entry.key, among: RequestFileParser.resumeFields)
            problem("Unknown field `resume.\(entry.key)`" + (suggestion.map { " — did you mean `\($0)`?" } ?? "; `resume` has event_id, interrupt_type and answer."),
                    zh: "未知字段 `resume.\(entry.key)`" + (suggestion.map { "——是不是 `\($0)`？" } ?? "；`resume` 包含 event_id、interrupt_type 和 answer。"))
        }
        let eventID = value["event_id"].flatMap { $0.stringValue ?? $0.integerValue.map(String.init) }
        if eventID?.isEmpty ?? true {
            problem("`resume.event_id` is missing or empty; copy the answer file the agent wrote next to the record, which has it filled in.", zh: "`resume.event_id` 缺失或为空；请复制代理写在结果记录旁边的回答文件，其中已经填好了它。")
        }
        let interruptType = value["interrupt_type"]?.integerValue
        if interruptType == nil {
            problem("`resume.interrupt_type` must be the whole number from the answer file (e.g. 2).", zh: "`resume.interrupt_type` 必须是回答文件中的那个整数（例如 2）。")
        }
        var answer: String?
        var answerFile: String?
        switch value["answer"] {
        case .string(let text)? where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            answer = text
        case .object(let members)? where members.contains(where: { $0.key == "$file" }):
            answerFile = file(.object(members), field: "resume.answer")
            answer = answerFile.map { _ in "" }
        case .object(let members)?:
            // An input node's fields: Coze takes them as one JSON string.
            let empty = members.filter { member in
                member.value.isNull || member.value.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true
            }
            if members.isEmpty || empty.count == members.count {
                problem("`resume.answer` has no values: fill in each field between its quotes, e.g. {\"name\": \"George\"}.",
                        zh: "`resume.answer` 中没有填写任何值：请在每个字段的引号中填写，例如 {\"name\": \"张三\"}。")
            } else {
                answer = JSONWriter(prettyPrinted: false).string(from: .object(members))
            }
        case .string?, .null?, nil:
            problem("`resume.answer` is empty: write the answer to the question between the quotes, e.g. \"answer\": \"yes\".", zh: "`resume.answer` 是空的：请在引号中写上对问题的回答，例如 \"answer\": \"是\"。")
        case let other?:
            problem("`resume.answer` must be text in quotes, an object of fields (when the question asks for several), or {\"$file\": \"NAME\"} for a file dropped next to the answer, but it is \(other.typeDescription).",
                    zh: "`resume.answer` 必须是带引号的文字，或者 {\"$file\": \"文件名\"}（与回答放在一起的文件），但它是\(Self.chinese(other))。")
        }
        var resumesLeft = JobRunner.maximumResumes
        if let left = self.value("resumes_left") {
            if let count = left.integerValue, count >= 0 {
                resumesLeft = count
                if count == 0 {
                    problem("This run has had all the answers Coze accepts (\(JobRunner.maximumResumes) per run), so it cannot be continued. Drop the original request again to start a new run.",
                            zh: "这次运行已经用完了 Coze 接受的全部回答次数（每次运行 \(JobRunner.maximumResumes) 次），无法继续。请重新放入原始请求，开始新的运行。")
                }
            } else {
                problem("`resumes_left` must be a whole number (leave it as the agent wrote it), but it is \(Self.show(left)).", zh: "`resumes_left` 必须是整数（保持代理写的值），但它是 \(Self.show(left))。")
            }
        }
        let continues = self.value("continues")?.stringValue
        guard let eventID, !eventID.isEmpty, let interruptType, let answer else { return nil }
        var resume = ResumeRequest(eventID: eventID, interruptType: interruptType, answer: answer, resumesLeft: resumesLeft, continues: continues)
        resume.answerFile = answerFile
        return resume
    }

    mutating func timeout() -> Duration {
        seconds(value("timeout"), name: "timeout", range: 1...86_400) ?? WorkflowRequest.defaultTimeout
    }

    mutating func seconds(_ value: JSONValue?, name: String, range: ClosedRange<Double>) -> Duration? {
        guard let value, !value.isNull else { return nil }
        guard let number = value.doubleValue, number.isFinite, range.contains(number) else {
            problem("`\(name)` must be a number of seconds from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)), but it is \(Self.show(value)).",
                    zh: "`\(name)` 必须是 \(Self.format(range.lowerBound)) 到 \(Self.format(range.upperBound)) 之间的秒数，但它是 \(Self.show(value))。")
            return nil
        }
        return .milliseconds(Int64((number * 1000).rounded()))
    }

    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .number(let literal): literal
        default: value.typeDescription
        }
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
