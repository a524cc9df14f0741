import Foundation

/// Python 3's csv, zlib, zipfile and openpyxl, the references these tests compare with, reached
/// through Python/reference.py. Tests that need them are skipped, saying why, when python3 or
/// openpyxl is missing here (CI's .ci/run installs both).
enum PythonReference {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Python/reference.py").path

    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = folder + "/python3"
            if FileManager.default.isExecutableFile(atPath: String(candidate)) { return String(candidate) }
        }
        return nil
    }()

    /// Set by CI's .ci/run: the tests run (and fail saying what is missing) instead of being skipped.
    static let required = ProcessInfo.processInfo.environment["SPREADSHEETS_REQUIRE_PYTHON"] == "1"
    static let available: Bool = required || executable != nil && (try? run(["ping"])) == Array("pong\n".utf8)
    static let hasOpenpyxl: Bool = required || available && (try? run(["has-openpyxl"])) == Array("yes\n".utf8)

    static let missing = "python3 is not installed, and these tests compare with Python's csv/zlib/zipfile: install python3 (CI's .ci/run does)"
    static let missingOpenpyxl = "openpyxl is not installed, and these tests compare with it: pip install openpyxl (CI's .ci/run does)"

    /// Runs `reference.py arguments…` with `input` on stdin; returns its stdout, or throws with its stderr.
    static func run(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        guard let executable else { throw Failure(description: missing) }
        let scratch = NSTemporaryDirectory() + "spreadsheets-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inputPath = scratch + "/input", outputPath = scratch + "/output", errorPath = scratch + "/errors"
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data(input))
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [script] + arguments
        // Files, not pipes: a pipe's write end can leak into a child another test starts at the same
        // moment (an agent that runs for seconds), and reading to its end would wait for that child.
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        process.waitUntilExit()
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure(description: "reference.py \(arguments.joined(separator: " ")) failed: \(errors)")
        }
        return [UInt8](data)
    }

    /// Runs the script and parses its stdout as JSON.
    static func json(_ arguments: [String], input: [UInt8] = []) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(run(arguments, input: input)))
    }
}
