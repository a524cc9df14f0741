#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A file holding the token on its first line (`--token-file`), re-read whenever it changes, so a
/// token can be replaced without a restart.
public final class TokenFileSource: TokenSource {
    public let path: String
    /// Size, modification time and identity at the last read.
    private let lastSeen = Mutex<[Int]?>(nil)

    public init(path: String) { self.path = path }

    public var origin: String { "the token file \(path)" }
    public var canRenew: Bool { true }

    public func fetch(now: Date) async throws(TokenProblem) -> AccessToken {
        let signature = Self.signature(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenProblem("cannot read the token file \(path); check that it exists and is readable by this user",
                               chinese: "无法读取令牌文件 \(path)；请确认文件存在且当前用户可读")
        }
        let text = String(decoding: data, as: UTF8.self)
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        lastSeen.withLock { $0 = signature }
        guard !firstLine.isEmpty else {
            throw TokenProblem("the token file \(path) is empty; put the token on its first line",
                               chinese: "令牌文件 \(path) 是空的；请把令牌写在第一行")
        }
        return AccessToken(value: firstLine, obtainedAt: now)
    }

    public func hasChanged() -> Bool {
        let now = Self.signature(path)
        return lastSeen.withLock { $0 != now }
    }

    static func signature(_ path: String) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec, changed = info.st_ctimespec
        #else
        let modified = info.st_mtim, changed = info.st_ctim
        #endif
        return [Int(info.st_size), Int(modified.tv_sec), Int(modified.tv_nsec), Int(info.st_ino), Int(changed.tv_sec), Int(changed.tv_nsec)]
    }
}
