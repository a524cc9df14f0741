#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One call that makes everything written so far on a file system durable: data and folder
/// entries of every file, as group commit needs. Linux has `syncfs`, which Swift's Glibc module does
/// not export, so it is looked up at run time; elsewhere (or should it be missing) the folder is
/// flushed and then the whole system (`sync`).
enum FileSystemFlush {
    #if canImport(Glibc)
    private typealias SyncFS = @convention(c) (Int32) -> Int32

    private static let syncfs: SyncFS? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: SyncFS.self)
    }()
    #endif

    /// Flushes the file system holding the folder open as `descriptor`; the `errno` on failure.
    static func flush(folder descriptor: Int32) -> Int32? {
        #if canImport(Glibc)
        if let syncfs {
            return syncfs(descriptor) == 0 ? nil : errno
        }
        #endif
        if fsync(descriptor) != 0 { return errno }
        sync()
        return nil
    }
}
