import OrderedJSON

extension NotificationEvent {
    /// The event as the generic webhook receives it: only the fields that are set, in a fixed order.
    public var json: JSONValue {
        var members: [JSONMember] = [JSONMember(key: "kind", value: .string(kind.rawValue))]
        func add(_ key: String, _ value: String?) {
            if let value { members.append(JSONMember(key: key, value: .string(value))) }
        }
        add("file", file)
        add("folder", folder)
        add("status", status)
        if let failure {
            members.append(JSONMember(key: "error", value: .object(["kind": .string(failure.kind), "message": .string(failure.message)])))
        }
        add("execute_id", executeID)
        add("logid", logID)
        add("record", recordPath)
        if !counts.isEmpty {
            members.append(JSONMember(key: "counts", value: .object(counts.keys.sorted().map { JSONMember(key: $0, value: .integer(counts[$0]!)) })))
        }
        members.append(JSONMember(key: "text", value: .string(text)))
        return .object(members)
    }
}
