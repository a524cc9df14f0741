import Foundation
import OrderedJSON

/// An HTTP answer from Coze, with the fields every endpoint shares picked out leniently:
/// a missing `code` counts as 0, a string `code` is read as a number, the log id is taken from
/// the `X-Tt-Logid` header (Coze Studio: `X-Log-ID`) or `detail.logid`; a `null` `msg` reads as empty.
public struct APIReply: Sendable {
    public var httpStatus: Int
    /// The body exactly as received.
    public var rawBody: Data
    /// The body parsed, or `nil` when it is not JSON (a gateway's HTML error page, say).
    public var json: JSONValue?

    public init(httpStatus: Int, rawBody: Data, logidHeader: String? = nil) {
        self.httpStatus = httpStatus
        self.rawBody = rawBody
        self.json = try? JSONParser().parse(bytes: Array(rawBody))
        self.logidHeader = logidHeader
    }

    init(_ response: HTTPResponse) {
        self.init(httpStatus: response.status, rawBody: response.body, logidHeader: response.header("X-Tt-Logid") ?? response.header("X-Log-ID"))
    }

    private var logidHeader: String?

    /// The business code; 0 when absent (the async start answer has none).
    public var code: Int {
        guard let value = json?["code"] else { return 0 }
        if let number = value.integerValue { return number }
        if let text = value.stringValue, let number = Int(text.trimmingCharacters(in: .whitespaces)) { return number }
        return 0
    }

    public var message: String { json?["msg"]?.stringValue ?? "" }

    public var logid: String? {
        if let header = logidHeader, !header.isEmpty { return header }
        return json?["detail"]?["logid"]?.stringValue
    }

    public var debugURL: String? { json?["debug_url"]?.stringValue }

    public var executeID: String? { json?["execute_id"].flatMap(Self.identifier) }

    public var usage: JSONValue? { json?["usage"] }

    public var interruptData: JSONValue? {
        guard let value = json?["interrupt_data"], !value.isNull else { return nil }
        return value
    }

    /// The body as a record can hold it: the parsed JSON, or the text of a non-JSON body.
    public var recordedBody: JSONValue {
        json ?? .string(String(decoding: rawBody, as: UTF8.self))
    }

    /// Ids come as strings, but a lenient reader also takes a number.
    static func identifier(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text) where !text.isEmpty: text
        case .number(let literal): literal
        default: nil
        }
    }
}

extension JSONValue {
    /// Coze double-encodes outputs: a string holding JSON. Decode it when it is JSON, keep it as
    /// text when it is not.
    public var decodingEmbeddedJSON: JSONValue {
        guard case .string(let text) = self else { return self }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{") || trimmed.hasPrefix("[") else { return self }
        return (try? JSONParser().parse(trimmed)) ?? self
    }
}
