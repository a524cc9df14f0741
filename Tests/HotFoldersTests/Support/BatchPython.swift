import Foundation

/// Python's csv module and openpyxl, the references the results tables are read back with. The
/// script is passed with `python3 -c`, so the test target holds no resource files. Tests that need
/// them are skipped, saying why, when python3 or openpyxl is missing (CI's .ci/run installs both
/// and sets SPREADSHEETS_REQUIRE_PYTHON=1, which makes them run and fail instead).
enum BatchPython {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = #"""
import base64, csv, io, json, sys
command = sys.argv[1]
data = sys.stdin.buffer.read()
if command == "ping":
    print("pong")
elif command == "has-openpyxl":
    try:
        import openpyxl
        print("yes")
    except ImportError:
        print("no")
elif command == "csv":
    text = data.decode("utf-8")
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    records = list(csv.reader(io.StringIO(body, newline=""), strict=True))
    json.dump({"bom": bom, "ends_with_crlf": body.endswith("\r\n"), "lone_line_feeds": body.replace("\r\n", "").count("\n"), "records": records}, sys.stdout)
elif command == "xlsx":
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    def cell(value):
        if value is None:
            return {"type": "empty"}
        if isinstance(value, bool):
            return {"type": "bool", "value": value}
        if isinstance(value, (int, float)):
            return {"type": "number", "value": value}
        return {"type": "text", "value": str(value)}
    json.dump({"title": sheet.title, "rows": [[cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]}, sys.stdout)
else:
    sys.exit("unknown command " + command)
"""#

    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = folder + "/python3"
            if FileManager.default.isExecutableFile(atPath: String(candidate)) { return String(candidate) }
        }
        return nil
    }()

    static let required = ProcessInfo.processInfo.environment["SPREADSHEETS_REQUIRE_PYTHON"] == "1"
    static let available: Bool = required || executable != nil && (try? run("ping")) == Array("pong\n".utf8)
    static let hasOpenpyxl: Bool = required || available && (try? run("has-openpyxl")) == Array("yes\n".utf8)

    static let missing = "python3 is not installed, and these tests read the results back with Python's csv module: install python3 (CI's .ci/run does)"
    static let missingOpenpyxl = "openpyxl is not installed, and these tests read the results workbook with it: pip install openpyxl (CI's .ci/run does)"

    /// Runs the script's `command` with `input` on stdin; returns its stdout, or throws with its stderr.
    static func run(_ command: String, input: [UInt8] = []) throws -> [UInt8] {
        guard let executable else { throw Failure(description: missing) }
        let scratch = NSTemporaryDirectory() + "hot-batches-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inputPath = scratch + "/input", outputPath = scratch + "/output", errorPath = scratch + "/errors"
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data(input))
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", script, command]
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
            throw Failure(description: "python3 \(command) failed: \(errors)")
        }
        return [UInt8](data)
    }

    /// What Python's csv module reads from CSV bytes.
    struct CSVReading: Decodable {
        var bom: Bool
        var ends_with_crlf: Bool
        /// Line feeds not preceded by a carriage return (line ends must all be CRLF).
        var lone_line_feeds: Int
        var records: [[String]]
    }

    static func csv(_ bytes: [UInt8]) throws -> CSVReading {
        try JSONDecoder().decode(CSVReading.self, from: Data(run("csv", input: bytes)))
    }

    /// One cell as openpyxl reads it.
    enum WorkbookCell: Equatable {
        case empty
        case text(String)
        case number(Double)
        case bool(Bool)
    }

    static func xlsx(_ bytes: [UInt8]) throws -> (title: String, rows: [[WorkbookCell]]) {
        let object = try JSONSerialization.jsonObject(with: Data(run("xlsx", input: bytes))) as? [String: Any] ?? [:]
        let rows = (object["rows"] as? [[[String: Any]]] ?? []).map { row in
            row.map { cell -> WorkbookCell in
                switch cell["type"] as? String {
                case "text": .text(cell["value"] as? String ?? "")
                case "number": .number((cell["value"] as? NSNumber)?.doubleValue ?? .nan)
                case "bool": .bool(cell["value"] as? Bool ?? false)
                default: .empty
                }
            }
        }
        return (object["title"] as? String ?? "", rows)
    }
}
