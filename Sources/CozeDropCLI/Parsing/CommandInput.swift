import CozeAPI
import DropFolder

/// What a command starts from: its checked arguments (`--help` is always accepted), the
/// environment, and the console.
struct CommandInput {
    let arguments: ParsedArguments
    let environment: [String: String]
    let console: Console

    init(_ arguments: [String], valueFlags: Set<String>, switchFlags: Set<String> = [], environment: [String: String], console: Console) throws(UsageError) {
        self.arguments = try ParsedArguments(arguments, valueFlags: valueFlags, switchFlags: switchFlags.union(["--help"]))
        self.environment = environment
        self.console = console
    }

    /// Prints `help` when it was asked for, and says so.
    func answersHelp(_ help: String) -> Bool {
        guard arguments.has("--help") else { return false }
        console.print(help)
        return true
    }

    /// The language for people: `--lang`, else `COZE_DROP_LANG`, else the locale.
    func language() throws(UsageError) -> Language {
        try arguments.language(environment: environment)
    }
}
