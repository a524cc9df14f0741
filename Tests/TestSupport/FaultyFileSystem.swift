import DropFolder
import Synchronization

/// The real disk, except that moves or writes into chosen folders fail (a full disk, a read-only
/// folder, a share that went away), and claims can be lost to an imaginary rival.
public final class FaultyFileSystem: FileSystem {
    private let base = LocalFileSystem()
    private let failing = Mutex<Set<String>>([])
    private let rivalFolders = Mutex<Set<String>>([])
    private let failingSuffixes = Mutex<Set<String>>([])

    public init() {}

    /// Moves and writes whose target lies in `folder` fail with EIO until `heal`.
    public func breakWrites(into folder: String) { failing.withLock { _ = $0.insert(folder) } }
    /// Writes of files whose name ends with `suffix` (`.response.json`: every result record) fail with EIO until `heal`.
    public func breakWrites(endingWith suffix: String) { failingSuffixes.withLock { _ = $0.insert(suffix) } }
    public func heal() {
        failing.withLock { $0.removeAll() }
        failingSuffixes.withLock { $0.removeAll() }
    }
    /// Every file moved out of `folder` is taken by another agent just before the rename.
    public func rivalClaims(from folder: String) { rivalFolders.withLock { _ = $0.insert(folder) } }

    private func check(_ target: String) throws(FileSystemError) {
        let broken = failing.withLock { $0.contains { target.hasPrefix($0 + "/") } } || failingSuffixes.withLock { $0.contains { target.hasSuffix($0) } }
        if broken { throw FileSystemError(code: .other(5), path: target, reason: "Input/output error") }
    }

    public func namesInDirectory(_ path: String) throws(FileSystemError) -> [String] { try base.namesInDirectory(path) }
    public func attributes(of path: String) throws(FileSystemError) -> FileAttributes? { try base.attributes(of: path) }
    public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] { try base.readFile(path, limit: limit) }
    public func writeNewFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        try check(path)
        try base.writeNewFile(bytes, to: path, permissions: permissions)
    }
    public func writeFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        try check(path)
        try base.writeFile(bytes, to: path, permissions: permissions)
    }
    public func synchronize(_ path: String) throws(FileSystemError) {
        try check(path + "/.")
        try base.synchronize(path)
    }
    public func moveWithoutReplacing(from source: String, to target: String) throws(FileSystemError) {
        try check(target)
        if rivalFolders.withLock({ $0.contains { source.hasPrefix($0 + "/") } }) { try base.removeFile(source) }
        try base.moveWithoutReplacing(from: source, to: target)
    }
    public func replaceFile(_ bytes: [UInt8], at path: String, durable: Bool) throws(FileSystemError) {
        try check(path)
        try base.replaceFile(bytes, at: path, durable: durable)
    }
    public func append(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        try check(path)
        try base.append(bytes, to: path)
    }
    public func createDirectory(_ path: String) throws(FileSystemError) { try base.createDirectory(path) }
    public func removeFile(_ path: String) throws(FileSystemError) { try base.removeFile(path) }
    public func removeDirectory(_ path: String) throws(FileSystemError) { try base.removeDirectory(path) }
}
