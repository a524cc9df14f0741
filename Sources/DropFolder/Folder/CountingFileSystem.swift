import Synchronization

/// A `FileSystem` that passes every call on to another one unchanged and counts the calls, so a
/// benchmark can report the agent's file operations per job without touching its code paths.
public final class CountingFileSystem: FileSystem {
    /// How many times each operation was asked for, failed ones included.
    public struct Counts: Sendable, Equatable {
        public var listings = 0
        public var attributes = 0
        public var reads = 0
        public var newFiles = 0
        /// Files written in place (`writeFile`), not flushed.
        public var filesWritten = 0
        /// Whole-file-system flushes (`synchronize`): one per group of jobs.
        public var synchronizations = 0
        public var replacedFiles = 0
        /// Of `replacedFiles`, those written durably (file and folder flushed).
        public var durableReplacements = 0
        public var moves = 0
        public var appends = 0
        public var removedFiles = 0
        public var createdDirectories = 0
        public var removedDirectories = 0

        public init() {}

        /// One line for a log: every count, named.
        public var line: String {
            "\(listings) listings, \(attributes) stats, \(reads) reads, \(newFiles) new files, \(filesWritten) written in place, "
                + "\(synchronizations) flushes, "
                + "\(replacedFiles) replaced (\(durableReplacements) durably), \(moves) moves, \(appends) appends, "
                + "\(removedFiles) removed, \(createdDirectories) folders created, \(removedDirectories) folders removed"
        }
    }

    private let base: any FileSystem
    // A Mutex guards the counts: calls come from many job tasks at once.
    private let state = Mutex(Counts())

    public init(counting base: any FileSystem) {
        self.base = base
    }

    /// The counts so far.
    public var counts: Counts { state.withLock { $0 } }

    private func count(_ field: WritableKeyPath<Counts, Int>) {
        state.withLock { $0[keyPath: field] += 1 }
    }

    public func namesInDirectory(_ path: String) throws(FileSystemError) -> [String] {
        count(\.listings)
        return try base.namesInDirectory(path)
    }

    public func attributes(of path: String) throws(FileSystemError) -> FileAttributes? {
        count(\.attributes)
        return try base.attributes(of: path)
    }

    public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        count(\.reads)
        return try base.readFile(path, limit: limit)
    }

    public func writeNewFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        count(\.newFiles)
        try base.writeNewFile(bytes, to: path, permissions: permissions)
    }

    public func writeFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        count(\.filesWritten)
        try base.writeFile(bytes, to: path, permissions: permissions)
    }

    public func synchronize(_ path: String) throws(FileSystemError) {
        count(\.synchronizations)
        try base.synchronize(path)
    }

    public func moveWithoutReplacing(from source: String, to target: String) throws(FileSystemError) {
        count(\.moves)
        try base.moveWithoutReplacing(from: source, to: target)
    }

    public func replaceFile(_ bytes: [UInt8], at path: String, durable: Bool) throws(FileSystemError) {
        count(\.replacedFiles)
        if durable { count(\.durableReplacements) }
        try base.replaceFile(bytes, at: path, durable: durable)
    }

    public func append(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        count(\.appends)
        try base.append(bytes, to: path)
    }

    public func createDirectory(_ path: String) throws(FileSystemError) {
        count(\.createdDirectories)
        try base.createDirectory(path)
    }

    public func removeFile(_ path: String) throws(FileSystemError) {
        count(\.removedFiles)
        try base.removeFile(path)
    }

    public func removeDirectory(_ path: String) throws(FileSystemError) {
        count(\.removedDirectories)
        try base.removeDirectory(path)
    }
}
