#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// The real disk, through POSIX calls: `rename(2)` is the atomic claim the design rests on, and
/// Foundation's file moves check-then-act (not atomic) or lose data on Linux (`replaceItemAt`).
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func namesInDirectory(_ path: String) throws(FileSystemError) -> [String] {
        guard let directory = opendir(path) else { throw error(path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func attributes(of path: String) throws(FileSystemError) -> FileAttributes? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw error(path)
        }
        let kind: FileAttributes.Kind = switch info.st_mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFLNK: .symbolicLink
        default: .other
        }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return FileAttributes(
            kind: kind, size: Int64(info.st_size), modificationSeconds: Int(modified.tv_sec),
            modificationNanoseconds: Int(modified.tv_nsec), inode: UInt64(info.st_ino), permissions: UInt16(info.st_mode & 0o7777))
    }

    public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        // O_NONBLOCK so a FIFO that slipped through never blocks the agent on open.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw error(path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileSystemError(code: .notRegularFile, path: path, reason: "not a regular file")
        }
        guard info.st_size <= limit else {
            throw FileSystemError(code: .tooLarge, path: path, reason: "\(info.st_size) bytes, more than the limit of \(limit)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw FileSystemError(code: .tooLarge, path: path, reason: "more than the limit of \(limit) bytes")
            }
        }
        return bytes
    }

    public func writeNewFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = try writeTemporary(bytes, beside: path, permissions: permissions)
        do {
            try moveWithoutReplacing(from: temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
        syncDirectory(folder)
    }

    public func writeFile(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(permissions))
        guard descriptor >= 0 else { throw error(path) }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, path: path)
    }

    public func synchronize(_ path: String) throws(FileSystemError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path) }
        defer { close(descriptor) }
        if let number = FileSystemFlush.flush(folder: descriptor) {
            throw FileSystemError(code: Self.code(for: number), path: path, reason: String(cString: strerror(number)))
        }
    }

    public func replaceFile(_ bytes: [UInt8], at path: String, durable: Bool) throws(FileSystemError) {
        let temporary = try writeTemporary(bytes, beside: path, permissions: 0o644, flush: durable)
        guard rename(temporary, path) == 0 else {
            let failure = error(path)
            unlink(temporary)
            throw failure
        }
        if durable { syncDirectory((path as NSString).deletingLastPathComponent) }
    }

    /// Written at the file's end as `fstat` finds it, never with `O_APPEND`: on an SMB share through
    /// smbnetfs, opening a file with `O_APPEND` failed with EIO and took the whole mount down (every
    /// later call EIO) — measured with `../shared/tools/netshare.py`. Only one writer appends to each
    /// file the agent appends to (its own ledger file, a job's stream text), so the end does not move.
    public func append(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw error(path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw error(path) }
        var offset = Int(status.st_size)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, $0.count - written, off_t(offset)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(path)
            }
            written += count
            offset += count
        }
    }

    /// Writes and flushes a temporary file next to `path`; returns its path.
    private func writeTemporary(_ bytes: [UInt8], beside path: String, permissions: UInt16, flush: Bool = true) throws(FileSystemError) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        // A short dot-name: no scanner picks up the half-written file, and no long name overflows NAME_MAX.
        let temporary = folder + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard descriptor >= 0 else { throw error(temporary) }
        do {
            try writeAll(bytes, to: descriptor, path: temporary)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        if flush, fsync(descriptor) != 0 {
            let failure = error(temporary)
            close(descriptor)
            unlink(temporary)
            throw failure
        }
        close(descriptor)
        return temporary
    }

    /// Folders whose file system answered that it cannot rename without replacing (SMB through
    /// smbnetfs): moves into them go straight to the checked fallback instead of asking again each
    /// time (on a share every refused call is a round trip).
    private static let foldersWithoutNoReplace = Mutex<Set<String>>([])

    public func moveWithoutReplacing(from source: String, to target: String) throws(FileSystemError) {
        let folder = (target as NSString).deletingLastPathComponent
        let known = Self.foldersWithoutNoReplace.withLock { $0.contains(folder) }
        let outcome = known ? .unsupported : NoReplaceRename.rename(source, target)
        switch outcome {
        case .done:
            return
        case .failed(let code):
            throw FileSystemError(code: Self.code(for: code), path: source, reason: String(cString: strerror(code)))
        case .unsupported:
            if !known { Self.foldersWithoutNoReplace.withLock { _ = $0.insert(folder) } }
            // Network file systems answer EINVAL; never overwrite, even if the check can race.
            if (try? attributes(of: target)) ?? nil != nil {
                throw FileSystemError(code: .exists, path: target, reason: "a file with this name already exists")
            }
            guard rename(source, target) == 0 else { throw error(source) }
        }
    }

    public func createDirectory(_ path: String) throws(FileSystemError) {
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw error(path) }
    }

    public func removeFile(_ path: String) throws(FileSystemError) {
        if unlink(path) != 0, errno != ENOENT { throw error(path) }
    }

    public func removeDirectory(_ path: String) throws(FileSystemError) {
        if rmdir(path) != 0, errno != ENOENT { throw error(path) }
    }

    /// Writes every byte, going on after a signal interrupts a write.
    private func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileSystemError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(path)
            }
            written += count
        }
    }

    /// Makes a rename durable: the folder's entry, not only the file's data.
    private func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private func error(_ path: String) -> FileSystemError {
        let number = errno
        return FileSystemError(code: Self.code(for: number), path: path, reason: String(cString: strerror(number)))
    }

    static func code(for number: Int32) -> FileSystemError.Code {
        switch number {
        case ENOENT: .notFound
        case EEXIST, ENOTEMPTY: .exists
        default: .other(number)
        }
    }
}
