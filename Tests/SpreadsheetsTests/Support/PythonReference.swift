import Foundation
import TestSupport

/// Python 3's csv, zlib, zipfile and openpyxl, the references these tests compare with, reached
/// through Python/reference.py. Tests that need them are skipped, saying why, when python3 or
/// openpyxl is missing here (CI's .ci/run installs both).
enum PythonReference {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Python/reference.py").path

    static let executable = ReferenceProcess.find("python3")

    /// Set by CI's .ci/run: the tests run (and fail saying what is missing) instead of being skipped.
    static let required = ProcessInfo.processInfo.environment["SPREADSHEETS_REQUIRE_PYTHON"] == "1"
    static let available: Bool = required || executable != nil && (try? run(["ping"])) == Array("pong\n".utf8)
    static let hasOpenpyxl: Bool = required || available && (try? run(["has-openpyxl"])) == Array("yes\n".utf8)

    static let missing = "python3 is not installed, and these tests compare with Python's csv/zlib/zipfile: install python3 (CI's .ci/run does)"
    static let missingOpenpyxl = "openpyxl is not installed, and these tests compare with it: pip install openpyxl (CI's .ci/run does)"

    /// Runs `reference.py arguments…` with `input` on stdin; returns its stdout, or throws with its stderr.
    static func run(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        guard let executable else { throw Failure(description: missing) }
        let output = try ReferenceProcess.run(executable, [script] + arguments, input: input)
        guard output.status == 0 else {
            throw Failure(description: "reference.py \(arguments.joined(separator: " ")) failed: \(output.standardError)")
        }
        return output.standardOutput
    }

    /// Runs the script and parses its stdout as JSON.
    static func json(_ arguments: [String], input: [UInt8] = []) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(run(arguments, input: input)))
    }
}
