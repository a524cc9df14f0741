import DropFolder
import Foundation
import OrderedJSON
import WorkflowJobs

/// `coze-drop.json` at a watched folder's root: the folder's own `watch` defaults, so a shared
/// folder carries its settings. The command line wins over the environment (`COZE_BASE_URL`,
/// `COZE_DROP_LANG`), the environment over this file. Unknown keys are errors, as in request files.
struct FolderSettings {
    static let fileName = "coze-drop.json"
    /// Chat notifications: read by `notify-test`, never printed (see `notify`).
    static let notifyKey = "notify"

    /// Each key, the flag it stands for, and the JSON type it takes: from `WatchOption.all`.
    enum Kind { case number, text, flag, object
        /// `false` turns the `--no-…` flag on (`"summaries": false` is `--no-summaries`).
        case negatedFlag
    }
    static let keys: [(key: String, flag: String, kind: Kind)] = WatchOption.all.compactMap { option in
        guard let key = option.key else { return nil }
        let kind: Kind = switch option.kind {
        case .seconds, .integer: .number
        case .text: .text
        case .flag: option.negatesKey ? .negatedFlag : .flag
        case .object: .object
        }
        return (key, option.flag, kind)
    }
    /// Which environment variable stands between the command line and the file for a flag.
    static let environmentNames = Dictionary(uniqueKeysWithValues: WatchOption.all.compactMap { option in
        option.environment.map { (option.flag, $0) }
    })

    var values: [String: String] = [:]
    var switches: Set<String> = []
    /// The folder's `poll` defaults for async runs (`initial_interval`, `max_interval`, `max_attempts`).
    var poll: JSONValue?
    /// `key = value` for the start-up log line.
    var summary: [String] = []
    /// The `notify` targets (issue 14), kept as JSON and left out of `summary`: their URLs and
    /// secrets are credentials that must never be printed or logged.
    var notify: JSONValue?

    /// Reads `root/coze-drop.json`; no file means no settings.
    static func load(root: String, environment: [String: String]) throws(UsageError) -> FolderSettings {
        let path = "\(root)/\(fileName)"
        guard FileManager.default.fileExists(atPath: path) else { return FolderSettings() }
        let document: JSONValue
        do {
            let bytes = try LocalFileSystem().readFile(path, limit: 1 << 20)
            document = try JSONParser(rejectsDuplicateKeys: true).parse(bytes: try RequestTextDecoder.decode(bytes).utf8)
        } catch let error as JSONSyntaxError {
            throw UsageError("\(path) is not valid JSON: \(error.reason) (line \(error.line), column \(error.column))")
        } catch {
            throw UsageError("cannot read \(path): \(error)")
        }
        guard let members = document.objectMembers else { throw UsageError("\(path) must hold a JSON object such as {\"concurrency\": 8}") }
        var settings = FolderSettings()
        var problems: [String] = []
        let known = keys.map(\.key) + [Self.notifyKey]
        for member in members {
            if member.key == Self.notifyKey {
                settings.notify = member.value
                continue
            }
            guard let entry = keys.first(where: { $0.key == member.key }) else {
                let hint = FieldSuggestion.closest(to: member.key, among: known).map { " — did you mean `\($0)`?" } ?? "; the keys are \(known.joined(separator: ", "))"
                problems.append("unknown key `\(member.key)`\(hint)")
                continue
            }
            if let variable = environmentNames[entry.flag], let value = environment[variable], !value.isEmpty { continue }
            switch (entry.kind, member.value) {
            case (.number, .number(let literal)):
                settings.values[entry.flag] = literal
            case (.text, .string(let text)):
                settings.values[entry.flag] = text
            case (.flag, .bool(let on)):
                if on { settings.switches.insert(entry.flag) }
            case (.negatedFlag, .bool(let on)):
                if !on { settings.switches.insert(entry.flag) }
            case (.object, .object):
                settings.poll = member.value
            default:
                let expected = switch entry.kind {
                case .number: "a number"
                case .text: "a string"
                case .flag, .negatedFlag: "true or false"
                case .object: "an object such as {\"initial_interval\": 2, \"max_interval\": 30}"
                }
                problems.append("`\(member.key)` must be \(expected), but it is \(member.value.typeDescription)")
                continue
            }
            settings.summary.append("\(member.key) = \(JSONWriter(prettyPrinted: false).string(from: member.value))")
        }
        guard problems.isEmpty else { throw UsageError("\(path): " + problems.joined(separator: "; ")) }
        return settings
    }
}
