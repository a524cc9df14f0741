import Foundation
import OrderedJSON

/// A question a run asked, read from its `interrupt_data` (sync run answer, async history item,
/// stream `Interrupt` event), with the text a person should read instead of the raw JSON Coze sends.
///
/// Shapes seen: hosted Question node `data` = `"{\"content_type\":\"text\",\"content\":\"请输入您的姓名\"}"`;
/// hosted Input node: the same with `content` a JSON list of fields; Studio Question node
/// `{"messages":[{"type":"question","content":…}]}`; Studio Input node `{"content_type":"form_schema",
/// "content":"<schema>"}`; streams send `data: ""` (the question is the message just before).
public struct WorkflowQuestion: Sendable, Equatable {
    /// Input nodes (type 5) want an object of fields as their answer.
    public static let inputNodeType = 5

    public var eventID: String
    /// Echoed back as `interrupt_type` when answering.
    public var type: Int
    /// `data` exactly as received.
    public var rawData: String
    /// What a person reads: the question, or the fields an input node wants. Empty when `data` was empty.
    public var text: String
    /// `required_parameters` as received (name → {type, required, description…}), or an empty object.
    public var requiredParameters: JSONValue
    /// The fields an input node asks for, in order: from `required_parameters`, else from the form in `data`.
    public var fieldNames: [String]
    public var nodeTitle: String

    public init(eventID: String, type: Int, rawData: String = "", requiredParameters: JSONValue = .object([]), nodeTitle: String = "") {
        self.eventID = eventID
        self.type = type
        self.rawData = rawData
        self.requiredParameters = requiredParameters
        self.nodeTitle = nodeTitle
        let read = Self.read(rawData)
        self.text = read.text
        var names = requiredParameters.objectMembers?.map(\.key) ?? []
        if names.isEmpty { names = read.fields }
        self.fieldNames = names
    }

    /// Reads an `interrupt_data` object; `nodeTitle` from the enclosing event when it has one.
    public init?(interruptData value: JSONValue, nodeTitle: String? = nil) {
        guard value.objectMembers != nil else { return nil }
        let eventID = value["event_id"].flatMap(APIReply.identifier) ?? ""
        let type = value["type"].flatMap { $0.integerValue ?? $0.stringValue.flatMap { Int($0) } } ?? 0
        let data: String = switch value["data"] {
        case .string(let text)?: text
        case nil, .null?: ""
        case let other?: JSONWriter(prettyPrinted: false).string(from: other)
        }
        let required = value["required_parameters"].flatMap { $0.objectMembers == nil ? nil : $0 } ?? .object([])
        self.init(eventID: eventID, type: type, rawData: data, requiredParameters: required,
                  nodeTitle: nodeTitle ?? value["node_title"]?.stringValue ?? "")
    }

    /// Whether the answer should be an object of fields (sent as a JSON string).
    public var wantsFields: Bool { type == Self.inputNodeType && !fieldNames.isEmpty }

    /// The question's text and, for a form, its field names.
    static func read(_ data: String) -> (text: String, fields: [String]) {
        let trimmed = data.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return ("", []) }
        guard let json = try? JSONParser().parse(trimmed), json.objectMembers != nil || json.arrayValue != nil else { return (data, []) }
        if let messages = json["messages"]?.arrayValue, !messages.isEmpty {
            let texts = messages.map { message -> String in
                let content = message["content"] ?? .null
                return readContent(content, contentType: message["content_type"]?.stringValue).text
            }
            return (texts.filter { !$0.isEmpty }.joined(separator: "\n"), [])
        }
        if let content = json["content"] {
            return readContent(content, contentType: json["content_type"]?.stringValue)
        }
        if let fields = formFields(json) { return (describe(fields), fields.map(\.name)) }
        return (data, [])
    }

    /// A message's content: plain text, an option question, or a list of form fields.
    static func readContent(_ content: JSONValue, contentType: String?) -> (text: String, fields: [String]) {
        let decoded = content.decodingEmbeddedJSON
        if let fields = formFields(decoded) { return (describe(fields), fields.map(\.name)) }
        if let question = decoded["question"]?.stringValue {
            let options = decoded["options"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            return (options.isEmpty ? question : question + " (" + options.joined(separator: " / ") + ")", [])
        }
        if case .string(let text) = decoded { return (text, []) }
        if case .string(let text) = content { return (text, []) }
        return (JSONWriter(prettyPrinted: false).string(from: content), [])
    }

    struct Field { var name: String; var type: String?; var required: Bool }

    /// A form: an array of `{name, type, required}` (hosted input node), or a schema whose
    /// `properties`/`fields`/`inputs` hold such entries (Studio's form_schema).
    static func formFields(_ value: JSONValue) -> [Field]? {
        if let list = value.arrayValue {
            let fields = list.compactMap { item -> Field? in
                guard let name = item["name"]?.stringValue, !name.isEmpty else { return nil }
                return Field(name: name, type: item["type"]?.stringValue, required: item["required"]?.boolValue ?? false)
            }
            return fields.isEmpty || fields.count != list.count ? nil : fields
        }
        for key in ["fields", "inputs", "schema"] {
            if let nested = value[key].map(\.decodingEmbeddedJSON), let fields = formFields(nested) { return fields }
        }
        if let properties = value["properties"]?.objectMembers, !properties.isEmpty {
            return properties.map { Field(name: $0.key, type: $0.value["type"]?.stringValue, required: false) }
        }
        return nil
    }

    static func describe(_ fields: [Field]) -> String {
        fields.map { field in
            let details = [field.type, field.required ? "required" : nil].compactMap { $0 }
            return field.name + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
        }.joined(separator: ", ")
    }
}
