import Foundation
import Synchronization

/// The built `coze-drop` executable, run as a person or a script would run it.
struct BuiltCommand {
    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

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
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> Outcome {
        let running = try start(arguments, environment: environment, in: directory)
        running.process.waitUntilExit()
        return running.finish()
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

    /// A started process whose output is collected as it comes.
    final class Running: Sendable {
        let process: Process
        private let out = Pipe()
        private let err = Pipe()
        private let collected = Collected()

        init(process: Process) {
            self.process = process
            process.standardOutput = out
            process.standardError = err
            out.fileHandleForReading.readabilityHandler = { [collected] handle in
                let data = handle.availableData
                collected.state.withLock { $0.out.append(data) }
            }
            err.fileHandleForReading.readabilityHandler = { [collected] handle in
                let data = handle.availableData
                collected.state.withLock { $0.err.append(data) }
            }
        }

        var outputSoFar: String { collected.state.withLock { String(decoding: $0.out, as: UTF8.self) } }

        func finish() -> Outcome {
            process.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
            err.fileHandleForReading.readabilityHandler = nil
            let restOut = out.fileHandleForReading.readDataToEndOfFile()
            let restErr = err.fileHandleForReading.readDataToEndOfFile()
            return collected.state.withLock {
                Outcome(status: process.terminationStatus,
                        output: String(decoding: $0.out + restOut, as: UTF8.self),
                        error: String(decoding: $0.err + restErr, as: UTF8.self))
            }
        }
    }
}

/// Output gathered from a child's pipes.
private final class Collected: Sendable {
    let state = Mutex<(out: Data, err: Data)>((Data(), Data()))
}
