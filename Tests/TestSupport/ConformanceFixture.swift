import Foundation
import OrderedJSON

/// A body or event stream copied verbatim from a public source (docs page, SDK test fixture, Coze
/// Studio handler), kept under `Tests/Conformance/`. JSON fixtures are
/// `{"source": "…", "http_status": 200, "headers": {…}, "body": <verbatim body>}`; event streams
/// (`.sse`) start with SSE comment lines (`: source: …`), which any SSE reader skips.
public struct ConformanceFixture: Sendable {
    public static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Conformance")

    public let path: String
    public let bytes: [UInt8]

    /// Loads `relativePath` under `Tests/Conformance/`, e.g. `hosted/workflow_run_sync.json`.
    public init(_ relativePath: String) throws {
        path = Self.folder.appendingPathComponent(relativePath).path
        bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The whole fixture file parsed (JSON fixtures).
    public func document() throws -> JSONValue { try JSONParser().parse(bytes: bytes) }

    /// The verbatim body of a JSON fixture, as bytes the way a server would send it.
    public func bodyBytes() throws -> [UInt8] {
        guard let body = try document()["body"] else { return bytes }
        if case .string(let text) = body { return Array(text.utf8) }
        return JSONWriter(prettyPrinted: false).bytes(from: body)
    }

    /// The HTTP status a JSON fixture names (200 when absent).
    public func httpStatus() throws -> Int { try document()["http_status"]?.integerValue ?? 200 }

    /// Every fixture file in a folder under `Tests/Conformance/`.
    public static func all(in folder: String, ending suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.folder.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { "\(folder)/\($0)" }
    }
}
