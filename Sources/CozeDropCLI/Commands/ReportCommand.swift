import CozeAPI
import Foundation
import Ledger
import OrderedJSON

/// `coze-drop report [--root DIR] [--since 7d|2026-11-01] [--by folder|day|workflow] [--format table|csv|json]`:
/// runs, failures by kind, tokens and p50/p95 durations from every agent's ledger.
struct ReportCommand {
    static let help = """
        coze-drop report — what ran, what failed and why, what it cost in tokens, how long it took.

        Usage: coze-drop report [--root DIR] [--since 7d|12h|2026-11-01] [--by folder|day|workflow] [--format table|csv|json] [--lang zh|en]

        Reads every agent's ledger (ledger/YYYY-MM.<agent>.csv under the root). --since defaults to 7d
        (a date is taken from its Beijing midnight); --by defaults to folder; --format to table.
        """

    let input: CommandInput

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: ["--root", "--since", "--by", "--format", "--lang"], environment: environment, console: console)
    }

    func run() throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        let arguments = input.arguments
        guard arguments.positionals.isEmpty else { throw UsageError("`report` takes no file; use --root DIR") }
        let l = try input.language()
        let root = arguments.value("--root") ?? FileManager.default.currentDirectoryPath
        let sinceText = arguments.value("--since") ?? "7d"
        guard let since = ReportPeriod.start(sinceText, now: Date()) else {
            throw UsageError("`--since` must be a span such as 7d or 12h, or a date such as 2026-11-01; got `\(sinceText)`")
        }
        let byText = arguments.value("--by") ?? "folder"
        guard let grouping = LedgerReport.Grouping(rawValue: byText) else {
            throw UsageError("`--by` must be folder, day or workflow; got `\(byText)`")
        }
        let format = arguments.value("--format") ?? "table"
        guard ["table", "csv", "json"].contains(format) else { throw UsageError("`--format` must be table, csv or json; got `\(format)`") }
        let contents = LedgerReader(root: root).read()
        for problem in contents.problems {
            input.console.error(l.pick(en: "skipped \(problem)", zh: "已跳过 \(problem)"))
        }
        let report = LedgerReport(lines: contents.lines, since: since, grouping: grouping)
        switch format {
        case "csv": input.console.show(String(decoding: report.csv, as: UTF8.self))
        case "json": input.console.print(JSONWriter(prettyPrinted: true).string(from: report.json))
        default:
            if contents.lines.isEmpty {
                input.console.print(l.pick(
                    en: "No ledger lines in \(root)/ledger yet: agents write one line per finished job there.",
                    zh: "\(root)/ledger 中还没有记录：代理每完成一个任务就在那里写一行。"))
            }
            input.console.print(report.table)
        }
        return ExitCode.success
    }
}
