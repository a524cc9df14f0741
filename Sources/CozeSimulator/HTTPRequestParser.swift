import Foundation

/// Cuts one HTTP/1.1 request off the front of a receive buffer (Content-Length bodies only:
/// that is what URLSession and the SDKs send for JSON).
enum HTTPRequestParser {
    enum Outcome {
        case request(ServerRequest, keepAlive: Bool)
        case needMore
        case malformed
    }

    static let maximumHeaderBytes = 64 * 1024

    static func parse(_ buffer: inout [UInt8]) -> Outcome {
        guard let headerEnd = findHeaderEnd(buffer) else {
            return buffer.count > maximumHeaderBytes ? .malformed : .needMore
        }
        let headText = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return .malformed }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .malformed }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = value
        }
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true { return .malformed }
        let length = Int(headers["content-length"] ?? "0") ?? -1
        guard length >= 0 else { return .malformed }
        let bodyStart = headerEnd + 4
        guard buffer.count >= bodyStart + length else { return .needMore }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        let target = String(requestLine[1])
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let keepAlive = headers["connection"]?.lowercased() != "close" && requestLine[2] != "HTTP/1.0"
        let request = ServerRequest(
            method: String(requestLine[0]), path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : nil,
            headers: headers, body: body)
        return .request(request, keepAlive: keepAlive)
    }

    private static func findHeaderEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
