import Foundation

/// A fresh folder under the system's temporary directory, removed when the value goes away.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "coze-drop-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `relativePath` under the folder, creating folders on the way.
    @discardableResult
    public func write(_ text: String, to relativePath: String) throws -> String {
        try write(Data(text.utf8), to: relativePath)
    }

    @discardableResult
    public func write(_ data: Data, to relativePath: String) throws -> String {
        let full = path + "/" + relativePath
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
        return full
    }

    /// The names in a sub-folder, sorted; empty when it does not exist. The human summaries written
    /// next to records (`*.result.txt`) are left out unless `summaries` is set: most tests are about
    /// where requests and records go, and the summary tests ask for them.
    public func names(in relativePath: String, summaries: Bool = false) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relativePath)) ?? []
        return all.filter { summaries || !$0.hasSuffix(".result.txt") }.sorted()
    }

    public func read(_ relativePath: String) throws -> String {
        try String(contentsOfFile: path + "/" + relativePath, encoding: .utf8)
    }
}
