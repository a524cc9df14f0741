#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rename that fails with EEXIST instead of replacing the target. Linux has `renameat2` with
/// `RENAME_NOREPLACE`, which Swift's Glibc module does not export, so it is looked up at run
/// time; macOS has `renamex_np` with `RENAME_EXCL`.
enum NoReplaceRename {
    enum Outcome: Equatable {
        case done
        case failed(Int32)
        /// The file system (or C library) cannot do it; the caller needs a fallback.
        case unsupported
    }

    #if canImport(Glibc)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let atCurrentDirectory: Int32 = -100
    private static let noReplace: UInt32 = 1

    private static let renameat2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif

    static func rename(_ source: String, _ target: String) -> Outcome {
        #if canImport(Glibc)
        guard let renameat2 else { return .unsupported }
        if renameat2(atCurrentDirectory, source, atCurrentDirectory, target, noReplace) == 0 { return .done }
        #else
        if renamex_np(source, target, UInt32(RENAME_EXCL)) == 0 { return .done }
        #endif
        let number = errno
        if number == EINVAL || number == ENOSYS || number == ENOTSUP { return .unsupported }
        return .failed(number)
    }
}
