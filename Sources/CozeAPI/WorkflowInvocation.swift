import OrderedJSON

/// What to run: the fields of a `POST /v1/workflow/run` body.
public struct WorkflowInvocation: Sendable, Equatable {
    public var workflowID: String
    /// Start-node inputs, always a JSON object.
    public var parameters: JSONValue
    public var botID: String?
    public var appID: String?
    /// Only `latitude`, `longitude` and `user_id` are honoured by Coze; others are passed along.
    public var ext: [String: String]?
    public var workflowVersion: String?
    public var connectorID: String?
    public var isAsync: Bool

    public init(
        workflowID: String, parameters: JSONValue = .object([]), botID: String? = nil, appID: String? = nil,
        ext: [String: String]? = nil, workflowVersion: String? = nil, connectorID: String? = nil, isAsync: Bool = false
    ) {
        self.workflowID = workflowID
        self.parameters = parameters
        self.botID = botID
        self.appID = appID
        self.ext = ext
        self.workflowVersion = workflowVersion
        self.connectorID = connectorID
        self.isAsync = isAsync
    }

    /// The body to send: unset optional fields are left out, as the official SDKs do.
    public var requestBody: JSONValue {
        .object(describedFields.filter { !$0.value.isNull || $0.key == "parameters" })
    }

    /// Every field, `null` where unset: what the old scripts saved as `request`.
    public var describedBody: JSONValue { .object(describedFields) }

    private var describedFields: [JSONMember] {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let extValue: JSONValue = ext.map { pairs in
            .object(pairs.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, value: .string($0.value)) })
        } ?? .null
        return [
            JSONMember(key: "workflow_id", value: .string(workflowID)),
            JSONMember(key: "parameters", value: parameters),
            JSONMember(key: "is_async", value: .bool(isAsync)),
            JSONMember(key: "bot_id", value: text(botID)),
            JSONMember(key: "app_id", value: text(appID)),
            JSONMember(key: "ext", value: extValue),
            JSONMember(key: "workflow_version", value: text(workflowVersion)),
            JSONMember(key: "connector_id", value: text(connectorID)),
        ]
    }
}
