import OrderedJSON

extension JSONValue {
    /// Every level of Coze's nested encodings decoded: a string holding JSON becomes that JSON,
    /// and the same is done inside it, down to plain values (history `output` is a JSON string whose
    /// `Output` is a JSON string that may wrap `{"content_type":1,"data":"…"}`).
    public var decodingEmbeddedJSONDeeply: JSONValue { deeplyDecoded(depth: 0) }

    private func deeplyDecoded(depth: Int) -> JSONValue {
        guard depth < 16 else { return self }
        switch self {
        case .string:
            let decoded = decodingEmbeddedJSON
            return decoded == self ? self : decoded.deeplyDecoded(depth: depth + 1)
        case .array(let items):
            return .array(items.map { $0.deeplyDecoded(depth: depth + 1) })
        case .object(let members):
            return .object(members.map { JSONMember(key: $0.key, value: $0.value.deeplyDecoded(depth: depth + 1)) })
        default:
            return self
        }
    }

    /// The text a person should read from a workflow's output, when there is one: plain text, the
    /// `data` of a text-mode End node (`{"content_type":1,"data":"…"}`), the End node's `Output`
    /// of a history item, or an object's only text field. `nil` when the output is structured data.
    public var readableText: String? {
        switch self {
        case .string(let text): return text
        case .object(let members):
            if let data = self["data"]?.stringValue, self["content_type"] != nil { return data }
            if let end = self["Output"] {
                // Output nodes sit beside the End node's `Output`; `node_status` is bookkeeping.
                let others = members.filter { $0.key != "Output" && $0.key != "node_status" }
                guard let endText = end.readableText ?? (end.isNull ? "" : nil) else { return nil }
                var parts = endText.isEmpty ? [] : [endText]
                for other in others {
                    guard let text = other.value.readableText else { return nil }
                    parts.append("\(other.key): \(text)")
                }
                return parts.joined(separator: "\n\n")
            }
            if members.count == 1, let text = members[0].value.readableText { return text }
            return nil
        default:
            return nil
        }
    }
}
