#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CozeSimulator
import Foundation
import Synchronization

/// The built `coze-drop` executable, run as a person or a script would run it.
struct BuiltCommand {
    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    /// `watch` as the kill tests run it: no settle, fast scans, no rate limit, 8 at once, against `simulator`.
    static func fastAgent(root: String, simulator: CozeSimulator) -> [String] {
        ["watch", "--root", root, "--settle", "0", "--interval", "0.05", "--max-rps", "0", "--concurrency", "8",
         "--base-url", simulator.baseURL.absoluteString]
    }

    /// The token the kill tests give their agents (the simulator takes any).
    static let testToken = ["COZE_API_TOKEN": "test-token"]

    /// Next to the test bundle in the build folder (`swift build` puts every product there).
    static let executable: URL = {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          Bundle.main.executableURL?.deletingLastPathComponent()].compactMap { $0 }
        for folder in candidates {
            let url = folder.appendingPathComponent("coze-drop")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("coze-drop")
    }()

    /// Runs to completion and collects both streams.
    /// Waits without holding a thread of the tests' cooperative pool: on 2 cores that pool has two
    /// threads, and tests blocked in a child's exit starved the others' signals and timers for
    /// half a minute.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) async throws -> Outcome {
        let running = try start(arguments, environment: environment, in: directory)
        return await running.finish()
    }

    static func start(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment
        base["COZE_API_TOKEN"] = nil
        base["COZE_BASE_URL"] = nil
        process.environment = base.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let running = Running(process: process)
        try process.run()
        return running
    }

    /// A started process whose output is collected as it comes, by one reader thread per pipe
    /// doing plain read(2): no Dispatch source ever watches the pipes (a source left on a closed,
    /// reused descriptor crashed libdispatch's event loop in a busy test run).
    final class Running: Sendable {
        let process: Process
        private let out = Pipe()
        private let err = Pipe()
        private let collected = Collected()
        private let readers = DispatchGroup()

        init(process: Process) {
            self.process = process
            process.standardOutput = out
            process.standardError = err
            for (pipe, isOutput) in [(out, true), (err, false)] {
                readers.enter()
                let thread = Thread { [collected, readers, process] in
                    withExtendedLifetime(pipe) {
                        let descriptor = pipe.fileHandleForReading.fileDescriptor
                        var buffer = [UInt8](repeating: 0, count: 65_536)
                        while true {
                            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                            if count < 0, errno == EINTR { continue }
                            guard count > 0 else { break }
                            let data = Data(buffer[0..<count])
                            guard isOutput else {
                                collected.state.withLock { $0.err.append(data) }
                                continue
                            }
                            // Triggers run here, on the reader's own thread: a signal goes out the moment
                            // its line is printed, however busy the tests' cooperative pool is.
                            let due = collected.state.withLock { state -> [Trigger] in
                                state.out.append(data)
                                let text = String(decoding: state.out, as: UTF8.self)
                                let due = state.triggers.filter { text.contains($0.text) }
                                state.triggers.removeAll { text.contains($0.text) }
                                return due
                            }
                            for trigger in due {
                                if let signal = trigger.signal { kill(process.processIdentifier, signal) }
                                trigger.seen?.resume()
                            }
                        }
                    }
                    readers.leave()
                }
                thread.start()
            }
        }

        var outputSoFar: String { collected.state.withLock { String(decoding: $0.out, as: UTF8.self) } }

        /// Sends `signal` to the process the moment its output shows `text` (at once if it already
        /// does), and returns once it did; gives up after `limit`.
        func send(_ signal: Int32, whenOutputShows text: String, limit: Duration = .seconds(30)) async throws {
            try await whenOutputShows(text, signal: signal, limit: limit)
        }

        /// Returns once the process's output shows `text`; gives up after `limit`.
        func whenOutputShows(_ text: String, signal: Int32? = nil, limit: Duration = .seconds(30)) async throws {
            let timeout = Task {
                try await Task.sleep(for: limit)
                self.collected.state.withLock { state -> [Trigger] in
                    let expired = state.triggers.filter { $0.text == text }
                    state.triggers.removeAll { $0.text == text }
                    return expired
                }.forEach { $0.seen?.resume(throwing: Failure(description: "never saw \(text): \(self.outputSoFar)")) }
            }
            defer { timeout.cancel() }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let already = collected.state.withLock { state -> Bool in
                    if String(decoding: state.out, as: UTF8.self).contains(text) { return true }
                    state.triggers.append(Trigger(text: text, signal: signal, seen: continuation))
                    return false
                }
                if already {
                    if let signal { kill(process.processIdentifier, signal) }
                    continuation.resume()
                }
            }
        }

        /// Waits for the process to exit and both pipes to be read to their end, on a thread of its
        /// own (never on the cooperative pool).
        func finish() async -> Outcome {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waiter = Thread { [process, readers] in
                    process.waitUntilExit()
                    readers.wait()
                    continuation.resume()
                }
                waiter.start()
            }
            return collected.state.withLock {
                Outcome(status: process.terminationStatus, output: String(decoding: $0.out, as: UTF8.self),
                        error: String(decoding: $0.err, as: UTF8.self))
            }
        }
    }
}

/// Output gathered from a child's pipes, and what to do when a line shows.
private final class Collected: Sendable {
    let state = Mutex<(out: Data, err: Data, triggers: [Trigger])>((Data(), Data(), []))
}

/// A signal to send, and a waiter to wake, when the output shows `text`.
private struct Trigger: Sendable {
    var text: String
    var signal: Int32?
    var seen: CheckedContinuation<Void, any Error>?
}

private struct Failure: Error, CustomStringConvertible {
    var description: String
}
