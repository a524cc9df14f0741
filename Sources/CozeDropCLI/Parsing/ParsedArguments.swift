import CozeAPI
import DropFolder
import WorkflowJobs

/// The flags and positional arguments of one command line, checked against what the command takes.
struct ParsedArguments {
    /// Flags that take a value (`--root DIR` or `--root=DIR`).
    private(set) var values: [String: String] = [:]
    /// Flags that stand alone (`--once`).
    private(set) var switches: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ arguments: [String], valueFlags: Set<String>, switchFlags: Set<String>) throws(UsageError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if name == "-h" { name = "--help" }
            if switchFlags.contains(name) {
                guard inlineValue == nil else { throw UsageError("`\(name)` takes no value") }
                switches.insert(name)
            } else if valueFlags.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("`\(name)` needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                let known = (valueFlags.union(switchFlags)).sorted()
                let hint = Self.closest(name, known).map { " — did you mean `\($0)`?" } ?? ""
                throw UsageError("unknown option `\(name)`\(hint)")
            }
        }
    }

    func has(_ flag: String) -> Bool { switches.contains(flag) }

    func value(_ flag: String) -> String? { values[flag] }

    /// A number of seconds (fractions allowed) as a `Duration`.
    /// Fills in flags the command line did not give (from a settings file); the command line wins.
    mutating func addDefaults(values defaults: [String: String], switches defaultSwitches: Set<String>) {
        for (flag, value) in defaults where values[flag] == nil { values[flag] = value }
        switches.formUnion(defaultSwitches)
    }

    /// `--lang zh|en`, else `COZE_DROP_LANG`, else the language of the environment's locale.
    func language(environment: [String: String]) throws(UsageError) -> Language {
        guard let text = values["--lang"] ?? environment["COZE_DROP_LANG"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return Language.preferred(in: environment)
        }
        guard let language = Language(rawValue: text.lowercased()) else {
            throw UsageError("`--lang` must be zh or en; got `\(text)`")
        }
        return language
    }

    func seconds(_ flag: String, default fallback: Duration, minimum: Double = 0) throws(UsageError) -> Duration {
        guard let text = values[flag] else { return fallback }
        guard let number = Double(text), number.isFinite, number >= minimum, number <= 86_400 else {
            throw UsageError("`\(flag)` must be a number of seconds of at least \(minimum), such as 1 or 0.2; got `\(text)`")
        }
        return .milliseconds(Int64((number * 1000).rounded()))
    }

    func integer(_ flag: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = values[flag] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("`\(flag)` must be a whole number from \(range.lowerBound) to \(range.upperBound); got `\(text)`")
        }
        return number
    }

    private static func closest(_ name: String, _ known: [String]) -> String? {
        let bare = name.drop(while: { $0 == "-" })
        return known.first { flag in
            let candidate = flag.drop(while: { $0 == "-" })
            return candidate.hasPrefix(bare) || bare.hasPrefix(candidate) || FieldSuggestion.editDistance(String(bare), String(candidate)) <= 2
        }
    }
}
