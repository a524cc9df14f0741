#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import OrderedJSON

/// A command that prints the token (`--token-command`), run with `/bin/sh -c`, the convention of
/// `git credential` helpers and AWS `credential_process`, so any vault or script fits. It prints
/// the token alone, or `{"access_token": "…", "expires_in": N}` (N below 1,000,000,000: seconds from
/// now; above: an absolute Unix time, as Coze answers). Its standard error is shown when it fails;
/// its standard output never is.
public struct TokenCommandSource: TokenSource {
    public static let timeLimit: TimeInterval = 30

    public let command: String
    let timeLimit: TimeInterval

    public init(command: String, timeLimit: TimeInterval = TokenCommandSource.timeLimit) {
        self.command = command
        self.timeLimit = timeLimit
    }

    public var origin: String { "the token command" }
    public var canRenew: Bool { true }

    public func fetch(now: Date) async throws(TokenProblem) -> AccessToken {
        let outcome: CommandOutcome
        do {
            outcome = try await CommandOutcome.run(command, timeLimit: timeLimit)
        } catch {
            throw TokenProblem("the token command could not be started (\(error)); check the token command setting",
                               chinese: "无法启动令牌命令（\(error)）；请检查令牌命令的设置")
        }
        let errorText = Self.shown(outcome.standardError)
        if outcome.timedOut {
            throw TokenProblem("the token command did not finish within \(Int(timeLimit)) s and was stopped\(errorText.isEmpty ? "" : "; it said: \(errorText)")",
                               chinese: "令牌命令在 \(Int(timeLimit)) 秒内没有结束，已被停止\(errorText.isEmpty ? "" : "；它输出：\(errorText)")")
        }
        guard outcome.status == 0 else {
            throw TokenProblem("the token command failed with exit status \(outcome.status)\(errorText.isEmpty ? "" : ": \(errorText)")",
                               chinese: "令牌命令失败，退出码 \(outcome.status)\(errorText.isEmpty ? "" : "：\(errorText)")")
        }
        return try Self.token(from: outcome.standardOutput, now: now)
    }

    /// Reads what the command printed: the token alone, or JSON with `access_token` and `expires_in`.
    public static func token(from output: [UInt8], now: Date) throws(TokenProblem) -> AccessToken {
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("{") {
            guard let json = try? JSONParser().parse(text), let token = json["access_token"]?.stringValue, !token.isEmpty else {
                throw TokenProblem("the token command printed JSON without a string `access_token`; print {\"access_token\": \"…\", \"expires_in\": N} or the token alone",
                                   chinese: "令牌命令输出的 JSON 中没有字符串 `access_token`；请输出 {\"access_token\": \"…\", \"expires_in\": N} 或只输出令牌")
            }
            let expiry = json["expires_in"]?.doubleValue.map { AccessToken.expiry(expiresIn: $0, now: now) }
            return AccessToken(value: token, expiresAt: expiry, obtainedAt: now)
        }
        let lines = text.split(whereSeparator: \.isNewline)
        guard lines.count == 1, let token = lines.first.map(String.init), !token.contains(" ") else {
            throw TokenProblem(text.isEmpty ? "the token command printed nothing; it must print the token" :
                                   "the token command printed more than a token; it must print the token alone, or {\"access_token\": \"…\", \"expires_in\": N}",
                               chinese: text.isEmpty ? "令牌命令没有输出；它必须输出令牌" : "令牌命令输出的不只是令牌；它只能输出令牌，或 {\"access_token\": \"…\", \"expires_in\": N}")
        }
        return AccessToken(value: token, obtainedAt: now)
    }

    /// Standard error as shown in a message: one line, at most 300 characters.
    static func shown(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(whereSeparator: \.isNewline).joined(separator: " | ")
        return text.count > 300 ? String(text.suffix(300)) : text
    }
}

/// What a finished shell command left: its status and both outputs.
struct CommandOutcome: Sendable {
    var status: Int32
    var standardOutput: [UInt8]
    var standardError: [UInt8]
    var timedOut: Bool

    /// Runs `/bin/sh -c command` without blocking the caller's thread; stops it after `timeLimit`.
    static func run(_ command: String, timeLimit: TimeInterval) async throws -> CommandOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let reading = DispatchGroup()
        let collected = CollectedOutput()
        // Both pipes are read to their end on their own threads, started before the command, so a
        // chatty command cannot block and a quick one cannot finish before its output is taken.
        for (pipe, isOutput) in [(output, true), (errors, false)] {
            reading.enter()
            // A thread of its own, doing plain read(2) on the descriptor with the pipe kept alive to
            // its end: a blocked Dispatch worker would hold up the shared pool, and no Dispatch source
            // ever watches the pipe.
            let reader = Thread {
                let bytes = withExtendedLifetime(pipe) { Self.readToEnd(pipe.fileHandleForReading.fileDescriptor) }
                collected.store(bytes, isOutput: isOutput)
                reading.leave()
            }
            reader.start()
        }
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                reading.notify(queue: .global()) {
                    let outcome = CommandOutcome(status: finished.terminationStatus, standardOutput: collected.output,
                                                 standardError: collected.errors, timedOut: collected.timedOut)
                    if collected.claimResume() { continuation.resume(returning: outcome) }
                }
            }
            do {
                try process.run()
            } catch {
                // Nothing will write to the pipes: end the readers.
                try? output.fileHandleForWriting.close()
                try? errors.fileHandleForWriting.close()
                if collected.claimResume() { continuation.resume(throwing: error) }
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) {
                guard process.isRunning else { return }
                collected.markTimedOut()
                process.terminate()
                // A child the shell left running may keep the pipes open: do not wait for it.
                DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
                    let outcome = CommandOutcome(status: -1, standardOutput: [], standardError: collected.errors, timedOut: true)
                    if collected.claimResume() { continuation.resume(returning: outcome) }
                }
            }
        }
    }
}

extension CommandOutcome {
    /// Everything readable from `descriptor` until its end (at most 1 MB kept; a token is small).
    static func readToEnd(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if bytes.count < 1 << 20 { bytes += buffer[0..<count] }
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return bytes
            }
        }
    }
}

/// The two outputs of a command, filled in from reader threads.
private final class CollectedOutput: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var storedOutput: [UInt8] = []
    private var storedErrors: [UInt8] = []
    private var storedTimedOut = false
    private var resumed = false

    /// True for the first caller only: the continuation is resumed exactly once.
    func claimResume() -> Bool {
        lock.withLock {
            defer { resumed = true }
            return !resumed
        }
    }

    func store(_ bytes: [UInt8], isOutput: Bool) {
        lock.withLock { if isOutput { storedOutput = bytes } else { storedErrors = bytes } }
    }
    func markTimedOut() { lock.withLock { storedTimedOut = true } }
    var output: [UInt8] { lock.withLock { storedOutput } }
    var errors: [UInt8] { lock.withLock { storedErrors } }
    var timedOut: Bool { lock.withLock { storedTimedOut } }
}
