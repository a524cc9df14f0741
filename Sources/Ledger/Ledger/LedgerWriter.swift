#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Appends lines to one agent's ledger under a root: the only writer of `ledger/*.<agent>.csv`.
///
/// Each line goes out in one `pwrite` at the file's end (one writer per file); a new file gets the
/// header (and a byte-order mark) first.
public struct LedgerWriter: Sendable {
    public var root: String
    public var agent: String

    public init(root: String, agent: String) {
        self.root = root
        self.agent = agent
    }

    /// Why a line could not be written.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String {
            "cannot write the ledger \(path): \(reason). Check that the folder exists and this user may write to it."
        }
    }

    /// Appends `line` to its month's file and returns the file's path.
    @discardableResult
    public func append(_ line: LedgerLine) throws(Problem) -> String {
        let path = "\(root)/\(LedgerFile.relativePath(time: line.time, agent: agent))"
        do {
            try FileManager.default.createDirectory(atPath: "\(root)/\(LedgerFile.folderName)", withIntermediateDirectories: true)
        } catch {
            throw Problem(path: path, reason: "\(error)")
        }
        // At the end as fstat finds it, not with O_APPEND (which took an smbnetfs mount down).
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Problem(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Problem(path: path, reason: String(cString: strerror(errno))) }
        let bytes = line.csv(startingFile: status.st_size == 0)
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, status.st_size) }
        guard written == bytes.count else {
            throw Problem(path: path, reason: written < 0 ? String(cString: strerror(errno)) : "only \(written) of \(bytes.count) bytes written")
        }
        return path
    }
}
