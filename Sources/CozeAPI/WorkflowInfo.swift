import Foundation
import OrderedJSON

/// What Coze says about a workflow (`GET /v1/workflows/{id}?include_input_output=true`): its name
/// and the start node's inputs and the end node's outputs. Read leniently: times as numbers or
/// strings, any missing piece left empty.
public struct WorkflowInfo: Sendable, Equatable {
    public var workflowID: String
    public var name: String
    public var description: String
    /// The app the workflow belongs to; `nil` when it belongs to none (Coze sends "0").
    public var appID: String?
    /// Unix seconds.
    public var createdAt: Int?
    public var updatedAt: Int?
    /// The start node's inputs, in the order Coze sent them.
    public var inputs: [WorkflowInput]
    /// Whether Coze sent the start node's inputs at all (without them nothing can be checked).
    public var hasInputs: Bool
    public var outputs: Outputs

    /// The end node: variables it returns, and how it ends.
    public struct Outputs: Sendable, Equatable {
        /// Name → type, in order.
        public var parameters: [(name: String, type: String)]
        /// `return_variables` or `use_answer_content`.
        public var terminatePlan: String?
        /// The text template when the end node answers with text.
        public var content: String?

        public init(parameters: [(name: String, type: String)] = [], terminatePlan: String? = nil, content: String? = nil) {
            self.parameters = parameters
            self.terminatePlan = terminatePlan
            self.content = content
        }

        public static func == (left: Outputs, right: Outputs) -> Bool {
            left.parameters.map(\.name) == right.parameters.map(\.name) && left.parameters.map(\.type) == right.parameters.map(\.type)
                && left.terminatePlan == right.terminatePlan && left.content == right.content
        }
    }

    public init(workflowID: String, name: String = "", description: String = "", appID: String? = nil, inputs: [WorkflowInput] = [],
                hasInputs: Bool = true, outputs: Outputs = Outputs()) {
        self.workflowID = workflowID
        self.name = name
        self.description = description
        self.appID = appID
        self.inputs = inputs
        self.hasInputs = hasInputs
        self.outputs = outputs
    }

    /// Reads the `data` object of the answer; `workflowID` is used when the answer does not name it.
    public init(data: JSONValue, workflowID: String) {
        let detail = data["workflow_detail"] ?? .object([])
        self.workflowID = detail["workflow_id"].flatMap(APIReply.identifier) ?? workflowID
        name = detail["workflow_name"]?.stringValue ?? ""
        description = detail["description"]?.stringValue ?? ""
        appID = detail["app_id"].flatMap(APIReply.identifier).flatMap { $0 == "0" ? nil : $0 }
        createdAt = detail["created_at"].flatMap(Self.seconds)
        updatedAt = detail["updated_at"].flatMap(Self.seconds)
        let parameters = data["input"]?["parameters"]?.objectMembers
        hasInputs = parameters != nil
        inputs = (parameters ?? []).map { WorkflowInput(name: $0.key, $0.value) }
        let output = data["output"] ?? .object([])
        outputs = Outputs(
            parameters: (output["parameters"]?.objectMembers ?? []).map { ($0.key, $0.value["type"]?.stringValue ?? "") },
            terminatePlan: output["terminate_plan"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
            content: output["content"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The input named `name`.
    public func input(named name: String) -> WorkflowInput? { inputs.first { $0.name == name } }

    static func seconds(_ value: JSONValue) -> Int? {
        if let number = value.integerValue { return number }
        if let text = value.stringValue { return Int(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }
}

/// One input of a workflow's start node (also the shape of a question's `required_parameters`).
public struct WorkflowInput: Sendable, Equatable {
    public var name: String
    /// `string`, `integer`, `number`, `boolean`, `object`, `array`, or a file type (`image`, `file`…).
    public var type: String
    public var required: Bool
    public var description: String
    /// The default as Coze sends it (a string), `nil` when none.
    public var defaultValue: String?
    /// For an array: its elements.
    public var items: WorkflowInputShape?
    /// For an object: its fields, in order.
    public var properties: [WorkflowInput]

    public init(name: String, type: String, required: Bool = false, description: String = "", defaultValue: String? = nil,
                items: WorkflowInputShape? = nil, properties: [WorkflowInput] = []) {
        self.name = name
        self.type = type
        self.required = required
        self.description = description
        self.defaultValue = defaultValue
        self.items = items
        self.properties = properties
    }

    /// Reads one entry of `input.parameters`; `required` may come as a boolean or a string.
    public init(name: String, _ value: JSONValue) {
        self.name = name
        type = value["type"]?.stringValue?.lowercased() ?? ""
        switch value["required"] {
        case .bool(let flag)?: required = flag
        case .string(let text)?: required = text.lowercased() == "true"
        default: required = false
        }
        description = value["description"]?.stringValue ?? ""
        switch value["default_value"] {
        case .string(let text)? where !text.isEmpty: defaultValue = text
        case .number(let literal)?: defaultValue = literal
        case .bool(let flag)?: defaultValue = String(flag)
        case let other? where other.objectMembers != nil || other.arrayValue != nil:
            defaultValue = JSONWriter(prettyPrinted: false).string(from: other)
        default: defaultValue = nil
        }
        items = value["items"].flatMap { $0.objectMembers == nil ? nil : WorkflowInputShape($0) }
        properties = (value["properties"]?.objectMembers ?? []).map { WorkflowInput(name: $0.key, $0.value) }
    }

    /// Whether Coze takes a file here (an uploaded file's id or a URL).
    public var isFile: Bool { WorkflowInput.isFileType(type) }

    /// The types Coze uses for files.
    public static let fileTypes: Set<String> = ["file", "image", "doc", "audio", "video", "ppt", "excel", "txt", "code", "zip", "svg", "voice"]

    /// Whether `type` is one of Coze's file types (`image`, `file`, `doc`, `audio`, `video`…).
    public static func isFileType(_ type: String) -> Bool { fileTypes.contains(type.lowercased()) }

    /// The type as a person reads it: `array<image>` for an array of images.
    public var typeDescription: String {
        guard type == "array", let items else { return type }
        return "array<\(items.typeDescription)>"
    }
}

/// The element type of an array input (type and, for objects, fields).
public struct WorkflowInputShape: Sendable, Equatable {
    public var type: String
    public var items: [WorkflowInputShape]
    public var properties: [WorkflowInput]

    public init(type: String, items: WorkflowInputShape? = nil, properties: [WorkflowInput] = []) {
        self.type = type
        self.items = items.map { [$0] } ?? []
        self.properties = properties
    }

    init(_ value: JSONValue) {
        self.init(type: value["type"]?.stringValue?.lowercased() ?? "",
                  items: value["items"].flatMap { $0.objectMembers == nil ? nil : WorkflowInputShape($0) },
                  properties: (value["properties"]?.objectMembers ?? []).map { WorkflowInput(name: $0.key, $0.value) })
    }

    public var typeDescription: String {
        guard type == "array", let inner = items.first else { return type }
        return "array<\(inner.typeDescription)>"
    }
}
