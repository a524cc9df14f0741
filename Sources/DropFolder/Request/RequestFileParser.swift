import CozeAPI
import Foundation
import OrderedJSON

/// Reads and checks a request file. Every problem is reported at once, each naming the field and
/// saying what to write instead; an unknown field is never sent silently.
public enum RequestFileParser {
    public static let knownFields = [
        "workflow_id", "parameters", "mode", "is_async", "bot_id", "app_id", "ext",
        "workflow_version", "connector_id", "poll", "timeout", "execute_id",
        "resume", "question", "resumes_left", "continues",
    ]
    static let pollFields = ["initial_interval", "max_interval", "max_attempts"]
    static let resumeFields = ["event_id", "interrupt_type", "answer"]
    /// Fields an answer file carries for the person filling it in; they only make sense with `resume`.
    static let answerFileFields = ["question", "resumes_left", "continues"]

    /// Parses the raw bytes of a dropped file.
    public static func parse(_ bytes: [UInt8]) throws(RequestProblem) -> WorkflowRequest {
        let decoded = try RequestTextDecoder.decode(bytes)
        let document: JSONValue
        do {
            document = try JSONParser(rejectsDuplicateKeys: true).parse(bytes: decoded.utf8)
        } catch {
            throw RequestProblem("The file is not valid JSON: \(error.reason) (line \(error.line), column \(error.column)).")
        }
        return try validate(document)
    }

    /// Checks a parsed document against the request format.
    public static func validate(_ document: JSONValue) throws(RequestProblem) -> WorkflowRequest {
        guard let members = document.objectMembers else {
            throw RequestProblem("The file holds \(document.typeDescription), but a request must be a JSON object such as {\"workflow_id\": \"7366468917055111111\", \"parameters\": {}}.")
        }
        var fields = Fields(members: members)
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
            if mode == .async {
                fields.problems.append("An answer (`resume`) continues a \"stream\" or \"sync\" run, not an async one. Set \"mode\" to the mode of the run that asked the question.")
            }
            if fields.has("parameters") {
                fields.problems.append("An answer file carries no `parameters`: the run already has them. Remove `parameters`, or remove `resume` to start a new run.")
            }
        } else {
            for key in RequestFileParser.answerFileFields where fields.has(key) {
                fields.problems.append("`\(key)` belongs in an answer file, next to a `resume` object; remove it from this request.")
            }
        }
        if botID != nil, appID != nil {
            fields.problems.append("`bot_id` and `app_id` are both set; Coze accepts only one of them. Remove one.")
        }
        if let mode {
            if mode != .async, fields.has("poll") {
                fields.problems.append("`poll` is only used with \"mode\": \"async\"; remove it, or set \"mode\": \"async\".")
            }
            if mode == .async, fields.has("timeout") {
                fields.problems.append("`timeout` is only used with sync runs; an async run is bounded by `poll.max_attempts`. Remove it.")
            }
        }
        guard fields.problems.isEmpty, let workflowID, let mode else { throw RequestProblem(fields.problems) }
        let invocation = WorkflowInvocation(
            workflowID: workflowID, parameters: parameters, botID: botID, appID: appID, ext: ext,
            workflowVersion: workflowVersion, connectorID: connectorID, isAsync: mode == .async)
        var request = WorkflowRequest(invocation: invocation, mode: mode, poll: poll, timeout: timeout, executeID: executeID)
        request.resume = resume
        request.attachments = fields.attachments
        return request
    }
}

/// The fields of one request object, read one by one while problems are collected.
private struct Fields {
    let members: [JSONMember]
    var problems: [String] = []
    /// Files named as `{"$file": "name"}`, in order of first mention.
    var attachments: [String] = []

    init(members: [JSONMember]) { self.members = members }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// A field's value; an explicit `null` counts as absent.
    func value(_ key: String) -> JSONValue? {
        guard let found = members.first(where: { $0.key == key })?.value, !found.isNull else { return nil }
        return found
    }

    mutating func rejectUnknown() {
        for member in members where !RequestFileParser.knownFields.contains(member.key) {
            if let suggestion = FieldSuggestion.closest(to: member.key, among: RequestFileParser.knownFields) {
                problems.append("Unknown field `\(member.key)` — did you mean `\(suggestion)`?")
            } else {
                problems.append("Unknown field `\(member.key)`. The fields a request may have are: \(RequestFileParser.knownFields.joined(separator: ", ")).")
            }
        }
    }

    /// An id: a string, or an integral JSON number kept exactly as written.
    mutating func identifier(_ key: String, required: Bool, digitsOnly: Bool = true) -> String? {
        guard let value = value(key) else {
            if required { problems.append("`\(key)` is missing. Copy the workflow id from the workflow's address in Coze, e.g. \"\(key)\": \"7366468917055111111\".") }
            return nil
        }
        let example = "e.g. \"\(key)\": \"7366468917055111111\""
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                problems.append("`\(key)` is empty; \(example).")
                return nil
            }
            if digitsOnly, !trimmed.allSatisfy(\.isASCIIDigit) {
                problems.append("`\(key)` must be only digits, but it is \"\(text)\"; \(example).")
                return nil
            }
            return trimmed
        case .number(let literal) where literal.allSatisfy(\.isASCIIDigit):
            return literal
        case .number(let literal):
            problems.append("`\(key)` must be a whole number written as a string of digits, but it is \(literal); \(example).")
            return nil
        default:
            problems.append("`\(key)` must be a string of digits, but it is \(value.typeDescription); \(example).")
            return nil
        }
    }

    mutating func text(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else {
            problems.append("`\(key)` must be a string, but it is \(value.typeDescription).")
            return nil
        }
        return text
    }

    mutating func parameters() -> JSONValue {
        guard let value = value("parameters") else { return .object([]) }
        guard let members = value.objectMembers else {
            problems.append("`parameters` must be an object like {\"user_name\": \"George\"}, but it is \(value.typeDescription).")
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
            problems.append("`\(field)` must be exactly {\"$file\": \"NAME\"}, \(example).")
            return nil
        }
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\\"), !name.hasPrefix("."),
              !name.contains("\0"), name.utf8.count <= 200
        else {
            problems.append("`\(field)` names \"\(name)\", but a file must be named by its plain name in the inbox, without folders, `..` or a leading dot; \(example).")
            return nil
        }
        if !attachments.contains(name) { attachments.append(name) }
        return name
    }

    mutating func ext() -> [String: String]? {
        guard let value = value("ext") else { return nil }
        guard let entries = value.objectMembers else {
            problems.append("`ext` must be an object of strings like {\"user_id\": \"42\"}, but it is \(value.typeDescription).")
            return nil
        }
        var result: [String: String] = [:]
        for entry in entries {
            guard let text = entry.value.stringValue else {
                problems.append("`ext.\(entry.key)` must be a string, but it is \(entry.value.typeDescription); write it in quotes.")
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
                problems.append("`mode` must be \"sync\", \"async\" or \"stream\", but it is \(Self.show(value)).")
                return nil
            }
        }
        if let value = value("is_async") {
            guard let isAsync = value.boolValue else {
                problems.append("`is_async` must be true or false, but it is \(value.typeDescription).")
                return nil
            }
            switch (mode, isAsync) {
            case (nil, true): mode = .async
            case (nil, false): mode = .sync
            case (.async?, true), (.sync?, false), (.stream?, false): break
            case (let given?, _):
                problems.append("`is_async` is \(isAsync) but `mode` is \"\(given.rawValue)\"; they disagree. Keep only `mode`.")
                return nil
            }
        }
        if hasExecuteID {
            if let mode, mode != .async {
                problems.append("`execute_id` continues an async run, but `mode` is \"\(mode.rawValue)\". Set \"mode\": \"async\" or remove `execute_id`.")
                return nil
            }
            return .async
        }
        return mode ?? .sync
    }

    mutating func poll() -> PollPolicy {
        guard let value = value("poll") else { return .standard }
        guard let entries = value.objectMembers else {
            problems.append("`poll` must be an object like {\"initial_interval\": 2, \"max_interval\": 30, \"max_attempts\": 120}, but it is \(value.typeDescription).")
            return .standard
        }
        for entry in entries where !RequestFileParser.pollFields.contains(entry.key) {
            let hint = FieldSuggestion.closest(to: entry.key, among: RequestFileParser.pollFields).map { " — did you mean `\($0)`?" } ?? "; `poll` may have initial_interval, max_interval and max_attempts."
            problems.append("Unknown field `poll.\(entry.key)`\(hint)")
        }
        var policy = PollPolicy.standard
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
                problems.append("`poll.max_attempts` must be a whole number from 1 to 100000, but it is \(Self.show(attempts)).")
            }
        }
        if policy.maxInterval < policy.initialInterval {
            problems.append("`poll.max_interval` is smaller than `poll.initial_interval`; make it at least as large.")
        }
        return policy
    }

    /// The `resume` object of an answer file, with the answer file's `resumes_left` and `continues`.
    mutating func resume() -> ResumeRequest? {
        guard let value = value("resume") else { return nil }
        guard let entries = value.objectMembers else {
            problems.append("`resume` must be an object like {\"event_id\": \"…\", \"interrupt_type\": 2, \"answer\": \"yes\"} (copy it from the answer file next to the record), but it is \(value.typeDescription).")
            return nil
        }
        for entry in entries where !RequestFileParser.resumeFields.contains(entry.key) {
            let hint = FieldSuggestion.closest(to: entry.key, among: RequestFileParser.resumeFields).map { " — did you mean `\($0)`?" } ?? "; `resume` has event_id, interrupt_type and answer."
            problems.append("Unknown field `resume.\(entry.key)`\(hint)")
        }
        let eventID = value["event_id"].flatMap { $0.stringValue ?? $0.integerValue.map(String.init) }
        if eventID?.isEmpty ?? true {
            problems.append("`resume.event_id` is missing or empty; copy the answer file the agent wrote next to the record, which has it filled in.")
        }
        let interruptType = value["interrupt_type"]?.integerValue
        if interruptType == nil {
            problems.append("`resume.interrupt_type` must be the whole number from the answer file (e.g. 2).")
        }
        var answer: String?
        var answerFile: String?
        switch value["answer"] {
        case .string(let text)? where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            answer = text
        case .object(let members)? where members.contains(where: { $0.key == "$file" }):
            answerFile = file(.object(members), field: "resume.answer")
            answer = answerFile.map { _ in "" }
        case .string?, .null?, nil:
            problems.append("`resume.answer` is empty: write the answer to the question between the quotes, e.g. \"answer\": \"yes\".")
        case let other?:
            problems.append("`resume.answer` must be text in quotes, or {\"$file\": \"NAME\"} for a file dropped next to the answer, but it is \(other.typeDescription).")
        }
        var resumesLeft = JobRunner.maximumResumes
        if let left = self.value("resumes_left") {
            if let count = left.integerValue, count >= 0 {
                resumesLeft = count
                if count == 0 {
                    problems.append("This run has had all the answers Coze accepts (\(JobRunner.maximumResumes) per run), so it cannot be continued. Drop the original request again to start a new run.")
                }
            } else {
                problems.append("`resumes_left` must be a whole number (leave it as the agent wrote it), but it is \(Self.show(left)).")
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
            problems.append("`\(name)` must be a number of seconds from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)), but it is \(Self.show(value)).")
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
