/// Turns the bytes of an event stream into events as they arrive, however the bytes are split:
/// an event may span chunks and a chunk may hold several events, even a CR and its LF may be
/// split. Follows the SSE standard: lines end in LF, CRLF or CR; `field:value` with or without one
/// space after the colon; lines starting with `:` are comments; a blank line ends an event.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    /// The previous chunk ended in CR, so an LF starting this one belongs to that line end.
    private var afterCarriageReturn = false
    private var atStreamStart = true
    private var id: String?
    private var event: String?
    private var data: [String] = []
    private var hasFields = false

    public init() {}

    /// Feeds the next chunk and returns the events it completed, in order.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0A:
                if let event = endLine() { events.append(event) }
            case 0x0D:
                afterCarriageReturn = true
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Called when the stream has ended: the last event, when its last line was complete but no
    /// blank line followed (the docs' and SDKs' example streams end so, and cozepy reads them).
    /// A line cut short is never turned into an event.
    public mutating func finish() -> [ServerSentEvent] {
        guard line.isEmpty else { return [] }
        return dispatch().map { [$0] } ?? []
    }

    /// True when the stream stopped in the middle of an event (bytes after the last blank line).
    public var isInsideEvent: Bool { hasFields || !line.isEmpty }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        guard !line.isEmpty else { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "data": data.append(String(value)); hasFields = true
        case "event": event = String(value); hasFields = true
        case "id" where !value.contains("\0"): id = String(value); hasFields = true
        default: break  // `retry` and unknown fields carry nothing we use.
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            id = nil
            event = nil
            data.removeAll()
            hasFields = false
        }
        guard hasFields else { return nil }
        return ServerSentEvent(id: id, event: event.flatMap { $0.isEmpty ? nil : $0 } ?? "message", data: data.joined(separator: "\n"))
    }
}
