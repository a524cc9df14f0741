import Foundation

/// Writes a `multipart/form-data` body with one part named `file` to disk, copying the file in
/// chunks, so an upload of hundreds of megabytes is streamed from disk and never held in memory.
public struct MultipartBody: Sendable {
    public let boundary: String

    public init(boundary: String = "CozeDropBoundary" + String(UInt64.random(in: 0...UInt64.max), radix: 36)) {
        self.boundary = boundary
    }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Writes the body for `source` (sent under `fileName`) to `target`; returns the file's size.
    public func write(source: String, fileName: String, to target: String) throws -> Int {
        guard FileManager.default.createFile(atPath: target, contents: nil),
              let output = FileHandle(forWritingAtPath: target) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
        }
        defer { try? output.close() }
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: source])
        }
        defer { try? input.close() }
        let quoted = fileName.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
        try output.write(contentsOf: Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(quoted)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        var copied = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
            copied += chunk.count
        }
        try output.write(contentsOf: Data("\r\n--\(boundary)--\r\n".utf8))
        return copied
    }
}
