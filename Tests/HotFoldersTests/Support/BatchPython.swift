import Foundation
import TestSupport

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

    static let executable = ReferenceProcess.find("python3")

    static let required = ProcessInfo.processInfo.environment["SPREADSHEETS_REQUIRE_PYTHON"] == "1"
    static let available: Bool = required || executable != nil && (try? run("ping")) == Array("pong\n".utf8)
    static let hasOpenpyxl: Bool = required || available && (try? run("has-openpyxl")) == Array("yes\n".utf8)

    static let missing = "python3 is not installed, and these tests read the results back with Python's csv module: install python3 (CI's .ci/run does)"
    static let missingOpenpyxl = "openpyxl is not installed, and these tests read the results workbook with it: pip install openpyxl (CI's .ci/run does)"

    /// Runs the script's `command` with `input` on stdin; returns its stdout, or throws with its stderr.
    static func run(_ command: String, input: [UInt8] = []) throws -> [UInt8] {
        guard let executable else { throw Failure(description: missing) }
        let output = try ReferenceProcess.run(executable, ["-c", script, command], input: input)
        guard output.status == 0 else {
            throw Failure(description: "python3 \(command) failed: \(output.standardError)")
        }
        return output.standardOutput
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
