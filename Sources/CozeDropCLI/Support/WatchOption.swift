import Foundation

/// One setting of `watch`: its flag, its key in a folder's `coze-drop.json`, the environment
/// variable that stands between them, its default and its help line. `WatchOption.all` is the one
/// table the help text, the settings file and the configuration are read from.
struct WatchOption: Sendable {
    enum Kind: Sendable, Equatable {
        /// Seconds, fractions allowed, at least `minimum`.
        case seconds(minimum: Double)
        case integer(ClosedRange<Int>)
        case text
        /// Present or not.
        case flag
        /// A JSON object, in `coze-drop.json` only.
        case object
    }

    var flag: String
    /// The key in `coze-drop.json`; `nil` for command-line-only options.
    var key: String?
    var environment: String?
    var kind: Kind
    /// What the value is called in the help (`S`, `N`, `DIR`…).
    var placeholder: String
    /// The default, as the configuration reads it (seconds or a number as text); `nil`: none.
    var defaultValue: String?
    /// The help text; the default is part of it, written once here.
    var help: String
    /// A `--no-…` flag whose `coze-drop.json` key says the opposite (`"summaries": false`).
    var negatesKey = false

    var takesValue: Bool { kind != .flag && kind != .object }
}

extension WatchOption {
    static let all: [WatchOption] = [
        WatchOption(flag: "--root", key: nil, kind: .text, placeholder: "DIR", defaultValue: nil,
                    help: "folder holding inbox/, processing/, outbox/, failed/ (default: current folder)"),
        WatchOption(flag: "--interval", key: "interval", kind: .seconds(minimum: 0.01), placeholder: "S", defaultValue: "1",
                    help: "seconds between scans of inbox/ (default 1; fractions allowed, e.g. 0.2)"),
        WatchOption(flag: "--settle", key: "settle", kind: .seconds(minimum: 0), placeholder: "S", defaultValue: "2",
                    help: "seconds a file must stay unchanged before it is picked up (default 2); on a network share, make it longer than the share's attribute cache"),
        WatchOption(flag: "--concurrency", key: "concurrency", kind: .integer(1...1024), placeholder: "N", defaultValue: "4",
                    help: "requests run at the same time (default 4)"),
        WatchOption(flag: "--once", key: nil, kind: .flag, placeholder: "", defaultValue: nil,
                    help: "process what is there now (and anything left in processing/), then exit (0; 1 if a result could not be written out and stays in processing/)"),
        WatchOption(flag: "--lease", key: "lease", kind: .seconds(minimum: 1), placeholder: "S", defaultValue: "60",
                    help: "seconds another agent's heartbeat must stand still before its jobs are taken over (default 60; longer than the share's attribute cache)"),
        WatchOption(flag: "--grace", key: "grace", kind: .seconds(minimum: 0), placeholder: "S", defaultValue: "30",
                    help: "on Ctrl-C/SIGTERM, seconds running sync calls get to finish (default 30)"),
        WatchOption(flag: "--resend-interrupted", key: "resend_interrupted", kind: .flag, placeholder: "", defaultValue: nil,
                    help: "after a crash, send again requests that may or may not have reached Coze (at-least-once; default: file them in failed/ as \"interrupted\")"),
        WatchOption(flag: "--max-rps", key: "max_rps", kind: .integer(0...100_000), placeholder: "N", defaultValue: "10",
                    help: "calls per second to Coze, runs and polls together (default 10; 0: no limit)"),
        WatchOption(flag: "--max-request-mb", key: "max_request_mb", kind: .integer(1...1024), placeholder: "N", defaultValue: "10",
                    help: "largest request file accepted, in MB (default 10)"),
        WatchOption(flag: "--lang", key: "lang", environment: "COZE_DROP_LANG", kind: .text, placeholder: "zh|en", defaultValue: nil,
                    help: "language of result summaries and messages for people (default: COZE_DROP_LANG, else from the locale, LANG)"),
        WatchOption(flag: "--log-format", key: "log_format", kind: .text, placeholder: "F", defaultValue: "text",
                    help: "text (default, for people) or json (one object per line, for log collectors)"),
        WatchOption(flag: "--stream-idle", key: "stream_idle", kind: .seconds(minimum: 1), placeholder: "S", defaultValue: nil,
                    help: "seconds a streamed run may send nothing, not even a PING, before it is given up as a timeout (default 120; 600 with --service studio)"),
        WatchOption(flag: "--no-summaries", key: "summaries", kind: .flag, placeholder: "", defaultValue: nil,
                    help: "write no NAME.result.txt next to each record (fewer file operations, for pipelines that read only the records; \"summaries\": false in coze-drop.json)",
                    negatesKey: true),
        WatchOption(flag: "--log-scans", key: nil, kind: .flag, placeholder: "", defaultValue: nil,
                    help: "log the cost of every inbox scan (for benchmarks)"),
        WatchOption(flag: "--base-url", key: "base_url", environment: "COZE_BASE_URL", kind: .text, placeholder: "URL", defaultValue: nil,
                    help: "Coze API address (default: COZE_BASE_URL, else https://api.coze.cn)"),
        WatchOption(flag: "--service", key: "service", kind: .text, placeholder: "S", defaultValue: "coze",
                    help: "coze (default: hosted Coze) or studio (a self-hosted Coze Studio; plain http allowed on a private network)"),
        WatchOption(flag: "--token-file", key: "token_file", kind: .text, placeholder: "PATH", defaultValue: nil,
                    help: "read the token from the first line of PATH, again whenever it changes (default: COZE_API_TOKEN)"),
        WatchOption(flag: "--token-command", key: "token_command", kind: .text, placeholder: "CMD", defaultValue: nil,
                    help: "run CMD (with /bin/sh) for the token: it prints the token, or {\"access_token\": \"…\", \"expires_in\": N}; run again before expiry and after a 4100"),
        WatchOption(flag: "--oauth-app-id", key: "oauth_app_id", kind: .text, placeholder: "ID", defaultValue: nil,
                    help: "an OAuth service app's id (with --oauth-key-id and --oauth-private-key): the agent signs a JWT with the key and renews its access token before it expires"),
        WatchOption(flag: "--oauth-key-id", key: "oauth_key_id", kind: .text, placeholder: "KID", defaultValue: nil,
                    help: "the app's public key fingerprint (公钥指纹)"),
        WatchOption(flag: "--oauth-private-key", key: "oauth_private_key_file", kind: .text, placeholder: "FILE", defaultValue: nil,
                    help: "the app's private key (PEM, mode 600)"),
        WatchOption(flag: "--oauth-token-ttl", key: "oauth_token_ttl", kind: .integer(60...86_399), placeholder: "S", defaultValue: "3600",
                    help: "seconds each OAuth access token lasts (default 3600, at most 86399)"),
        WatchOption(flag: "--simulator", key: nil, kind: .flag, placeholder: "", defaultValue: nil,
                    help: "run against the built-in simulator on 127.0.0.1 (no token needed)"),
        WatchOption(flag: "--keep-days", key: "keep_days", kind: .integer(1...36_500), placeholder: "N", defaultValue: nil,
                    help: "move results older than N days from outbox/ and failed/ into archive/YYYY-MM/, whole jobs at a time, by one agent at a time (default: keep everything)"),
        WatchOption(flag: "--no-archive", key: "archive", kind: .flag, placeholder: "", defaultValue: nil,
                    help: "with --keep-days, delete old results instead of archiving them (\"archive\": false in coze-drop.json)",
                    negatesKey: true),
        WatchOption(flag: "--daily-token-budget", key: "daily_token_budget", kind: .integer(1...1_000_000_000_000), placeholder: "N", defaultValue: nil,
                    help: "once today's (Beijing) tokens in the ledger reach N, new requests wait in the inbox until the next day or a higher budget (default: no budget)"),
        WatchOption(flag: "--poll", key: "poll", kind: .object, placeholder: "", defaultValue: nil,
                    help: "the folder's defaults for async runs' polling: initial_interval, max_interval, max_attempts (coze-drop.json only)"),
    ]

    /// The option for `flag`; the table is the only place flags are named.
    static func named(_ flag: String) -> WatchOption {
        guard let option = all.first(where: { $0.flag == flag }) else { preconditionFailure("no option \(flag)") }
        return option
    }

    static var valueFlags: Set<String> { Set(all.filter(\.takesValue).map(\.flag)) }
    static var switchFlags: Set<String> { Set(all.filter { $0.kind == .flag }.map(\.flag)) }

    /// The options part of `watch --help`, each help text wrapped beside its flag.
    static var helpLines: String {
        let width = 22, lineLimit = 100
        var lines: [String] = []
        for option in all where option.kind != .object {
            var head = "  " + option.flag + (option.placeholder.isEmpty ? "" : " " + option.placeholder)
            var words = option.help.split(separator: " ").map(String.init)
            if head.count + 2 > width {
                lines.append(head)
                head = ""
            }
            var line = head.padding(toLength: width, withPad: " ", startingAt: 0)
            var first = true
            while !words.isEmpty {
                let word = words.removeFirst()
                if !first, line.count + 1 + word.count > lineLimit {
                    lines.append(line)
                    line = String(repeating: " ", count: width)
                    first = true
                }
                line += (first ? "" : " ") + word
                first = false
            }
            lines.append(line)
        }
        lines.append("  -h, --help".padding(toLength: width, withPad: " ", startingAt: 0) + "show this help")
        lines.append("")
        lines.append("A folder's own DIR/coze-drop.json may set: " + all.compactMap(\.key).joined(separator: ", ")
                     + " (the command line wins over the environment, the environment over the file).")
        return lines.joined(separator: "\n")
    }
}

extension ParsedArguments {
    /// The seconds `option` gives, or its default.
    func seconds(_ option: WatchOption, default fallback: Duration? = nil) throws(UsageError) -> Duration {
        guard case .seconds(let minimum) = option.kind else { preconditionFailure("\(option.flag) is not seconds") }
        let standard = fallback ?? option.defaultValue.flatMap(Double.init).map { Duration.milliseconds(Int64(($0 * 1000).rounded())) } ?? .zero
        return try seconds(option.flag, default: standard, minimum: minimum)
    }

    /// The whole number `option` gives, or `nil` when it is not given and has no default.
    func optionalInteger(_ option: WatchOption) throws(UsageError) -> Int? {
        guard value(option.flag) != nil || option.defaultValue != nil else { return nil }
        return try integer(option)
    }

    /// The whole number `option` gives, or its default.
    func integer(_ option: WatchOption) throws(UsageError) -> Int {
        guard case .integer(let range) = option.kind else { preconditionFailure("\(option.flag) is not a number") }
        return try integer(option.flag, default: option.defaultValue.flatMap { Int($0) } ?? range.lowerBound, range: range)
    }
}
