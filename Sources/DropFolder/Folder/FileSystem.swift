/// What the agent needs from a file system, and no more, so tests can inject faults
/// (a file that vanishes before its claim, a disk that refuses writes).
public protocol FileSystem: Sendable {
    /// The names in a folder, without `.` and `..`.
    func namesInDirectory(_ path: String) throws(FileSystemError) -> [String]
    /// The file's attributes without following a symbolic link; `nil` when nothing is there.
    func attributes(of path: String) throws(FileSystemError) -> FileAttributes?
    /// Reads a regular file, refusing one larger than `limit` bytes before reading it.
    func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8]
    /// Writes a new file durably under `path`: temporary name, flush to disk, rename; never replaces.
    func writeNewFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError)
    /// Writes a new file in place: no temporary name, not flushed. Only for files in the agent's own
    /// folder that nobody reads before a `synchronize` and that recovery checks (a record is whole
    /// JSON or it is not taken); fails with `exists` when something is there.
    func writeFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError)
    /// Makes everything written so far on the file system holding `path` durable — data and folder
    /// entries of every file — in one call (group commit: many jobs' files, one flush).
    func synchronize(_ path: String) throws(FileSystemError)
    /// Renames without ever replacing an existing target (`FileSystemError.Code.exists`).
    func moveWithoutReplacing(from source: String, to target: String) throws(FileSystemError)
    /// Writes a file atomically (temporary name, then rename), replacing what was there — for files
    /// only this agent writes: its journal and its lease. `durable` also flushes the file and its
    /// folder to disk, so the change survives a power cut and not only a crash of the process.
    func replaceFile(_ bytes: [UInt8], at path: String, durable: Bool) throws(FileSystemError)
    /// Adds `bytes` at the end of a file, creating it when missing (a stream's text as it arrives).
    func append(_ bytes: [UInt8], to path: String) throws(FileSystemError)
    func createDirectory(_ path: String) throws(FileSystemError)
    func removeFile(_ path: String) throws(FileSystemError)
    /// Removes an empty folder.
    func removeDirectory(_ path: String) throws(FileSystemError)
}

/// A file's identity and state, as `lstat` reports it.
public struct FileAttributes: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case regular, directory, symbolicLink, other }

    public var kind: Kind
    public var size: Int64
    public var modificationSeconds: Int
    public var modificationNanoseconds: Int
    public var inode: UInt64
    /// Permission bits (`0o644`).
    public var permissions: UInt16

    public init(kind: Kind, size: Int64, modificationSeconds: Int, modificationNanoseconds: Int, inode: UInt64, permissions: UInt16) {
        self.kind = kind
        self.size = size
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
        self.inode = inode
        self.permissions = permissions
    }
}

/// A file-system operation that failed, with the OS's reason.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case notFound
        case exists
        case tooLarge
        case notRegularFile
        case other(Int32)
    }

    public var code: Code
    public var path: String
    public var reason: String

    public init(code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
