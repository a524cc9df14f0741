import Foundation

/// Runs a reference tool the tests compare with (openssl, python3) and collects what it wrote.
/// Output goes to files, not pipes: a pipe's write end can leak into a child another test starts
/// at the same moment (an agent that runs for seconds), and reading to its end would wait for it.
public enum ReferenceProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var standardOutput: [UInt8]
        public var standardError: String
    }

    /// The path of `name` on PATH, or `nil` when it is not installed.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: String(candidate)) { return String(candidate) }
        }
        return nil
    }

    /// Runs `executable arguments…` with `input` on stdin and waits for it to exit.
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8] = []) throws -> Output {
        let scratch = NSTemporaryDirectory() + "reference-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inputPath = scratch + "/input", outputPath = scratch + "/output", errorPath = scratch + "/errors"
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data(input))
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      standardOutput: [UInt8](FileManager.default.contents(atPath: outputPath) ?? Data()),
                      standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}
