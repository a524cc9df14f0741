import Foundation
import OrderedJSON
import Synchronization

extension SimulatedWorkflowService {
    static let maximumUploadBytes = 512 * 1024 * 1024

    /// `POST /v1/files/upload`: a multipart body with one part named `file`; answers with the
    /// file's id, which runs may then name as `{"file_id":"…"}`.
    func upload(_ request: ServerRequest, logid: String) -> ServerResponse {
        guard let contentType = request.headers["content-type"], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.boundary(in: contentType)
        else {
            return businessError(4000, "the upload must be multipart/form-data with a part named file", logid: logid)
        }
        guard let part = Self.filePart(of: request.body, boundary: boundary) else {
            return businessError(4000, "no part named file in the upload", logid: logid)
        }
        guard part.bytes <= Self.maximumUploadBytes else {
            return businessError(4302, "the file is larger than 512 MB", logid: logid)
        }
        let (id, now) = state.withLock { state -> (String, Int) in
            state.nextFileID += 1
            let id = String(state.nextFileID)
            state.files[id] = (part.name, part.bytes)
            state.statistics.uploads += 1
            return (id, Int(Date().timeIntervalSince1970))
        }
        if service == .studio { return studioUploadAnswer(id: id, name: part.name, bytes: part.bytes, createdAt: now, host: request.headers["host"], logid: logid) }
        return json(status: 200, logid: logid, .object([
            "code": .integer(0), "msg": .string(""),
            "data": .object(["id": .string(id), "bytes": .integer(part.bytes), "file_name": .string(part.name), "created_at": .integer(now)]),
            "detail": .object(["logid": .string(logid)]),
        ]))
    }

    /// The first `{"file_id":"…"}` text in `value` (at any depth) that names no uploaded file.
    func unknownFileID(in value: JSONValue) -> String? {
        switch value {
        case .string(let text):
            guard text.contains("file_id"), let id = (try? JSONParser().parse(text))?["file_id"]?.stringValue else { return nil }
            return state.withLock { $0.files[id] == nil } ? id : nil
        case .array(let items):
            return items.lazy.compactMap(unknownFileID).first
        case .object(let members):
            return members.lazy.compactMap { self.unknownFileID(in: $0.value) }.first
        default:
            return nil
        }
    }

    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    /// The file name and size of the part named `file`.
    static func filePart(of body: [UInt8], boundary: String) -> (name: String, bytes: Int)? {
        let delimiter = Array("--\(boundary)".utf8)
        var starts: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        for (start, end) in zip(starts, starts.dropFirst()) {
            let part = Array(body[(start + delimiter.count)..<end])
            guard let headEnd = find(Array("\r\n\r\n".utf8), in: part, from: 0) else { continue }
            let head = String(decoding: part[0..<headEnd], as: UTF8.self)
            guard head.range(of: "name=\"file\"", options: .caseInsensitive) != nil else { continue }
            var name = "file"
            if let range = head.range(of: "filename=\"") {
                name = String(head[range.upperBound...].prefix { $0 != "\"" })
            }
            // The part's content ends with the CRLF before the next delimiter.
            return (name, max(0, part.count - (headEnd + 4) - 2))
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
