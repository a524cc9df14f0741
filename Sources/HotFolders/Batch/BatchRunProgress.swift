import CozeAPI
import Foundation
import OrderedJSON
import WorkflowJobs

/// How far a running batch has come, as the agent writes it: the text of `<table>.progress.txt`
/// and the batch's entry in status.json (which `submit --wait` reads back as `BatchProgress`).
/// Pure: the counts, the wall-clock times and the elapsed (monotonic) time are given.
public struct BatchRunProgress: Sendable, Equatable {
    /// The workflow folder's name in `inbox/`.
    public var folder: String
    /// The table's name as dropped.
    public var table: String
    /// Data rows in the table.
    public var total: Int
    /// Rows finished, succeeded or not (failed rows are counted here too).
    public var done: Int
    /// Rows finished without success (a part of `done`).
    public var failed: Int
    /// Tokens the finished rows used.
    public var tokens: Int
    public var startedAt: Date
    public var updatedAt: Date
    /// Time since the batch started, by a monotonic clock.
    public var elapsed: Duration

    public init(folder: String, table: String, total: Int, done: Int = 0, failed: Int = 0, tokens: Int = 0,
                startedAt: Date, updatedAt: Date, elapsed: Duration = .zero) {
        self.folder = folder
        self.table = table
        self.total = total
        self.done = done
        self.failed = failed
        self.tokens = tokens
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.elapsed = elapsed
    }

    /// Every row has finished.
    public var finished: Bool { done >= total }

    /// Rows finished per second so far; `nil` before the first row finishes.
    public var rowsPerSecond: Double? {
        let seconds = elapsed.inSeconds
        guard done > 0, seconds > 0 else { return nil }
        return Double(done) / seconds
    }

    /// The time the remaining rows will take at the rate so far; `nil` while it cannot be told.
    public var timeLeft: Duration? {
        if finished { return .zero }
        guard let rate = rowsPerSecond else { return nil }
        return .milliseconds(Int64((Double(total - done) / rate * 1000).rounded()))
    }

    /// The batch's entry in status.json's `batches`, exactly these keys:
    /// `folder`, `table`, `total`, `done`, `failed`, `tokens`, `started_at`, `updated_at`.
    public var statusEntry: JSONValue {
        BatchStatusEntry(folder: folder, table: table, total: total, done: done, failed: failed, tokens: tokens,
                         startedAt: startedAt, updatedAt: updatedAt).json
    }

    /// The text of `<table>.progress.txt` in `language`.
    public func text(_ language: Language) -> String {
        let names = BatchFileNames(table: table)
        let succeeded = done - failed, left = max(0, total - done)
        let n = BatchPlan.grouped
        var lines: [String] = []
        switch language {
        case .en:
            lines.append("\(table) (folder \(folder)): \(finished ? "finished" : "running")")
            lines.append("Rows: \(n(done)) of \(n(total)) done (\(n(succeeded)) succeeded, \(n(failed)) failed), \(n(left)) to go.")
            lines.append("Tokens so far: \(n(tokens))")
            if finished {
                lines.append("Took \(Self.spoken(elapsed, .en)).")
            } else if let rate = rowsPerSecond, let timeLeft {
                lines.append("Speed: \(Self.rate(rate, .en)); about \(Self.spoken(timeLeft, .en)) left.")
            } else {
                lines.append("Speed: not known until the first row finishes.")
            }
            lines.append("Started \(BeijingTime.iso8601(startedAt)), updated \(BeijingTime.iso8601(updatedAt)).")
            lines.append(finished
                ? "Results: \(names.resultsCSV), \(names.resultsXLSX)\(failed > 0 ? "; the rows that failed are in \(names.failedCSV) — correct them there and drop that file in again" : "")."
                : "Results so far: \(names.resultsCSV) (rewritten as rows finish).")
        case .zh:
            lines.append("\(table)（文件夹 \(folder)）：\(finished ? "已完成" : "运行中")")
            lines.append("行数：已完成 \(n(done)) / \(n(total))（成功 \(n(succeeded))，失败 \(n(failed))），还剩 \(n(left)) 行。")
            lines.append("已用 token：\(n(tokens))")
            if finished {
                lines.append("用时 \(Self.spoken(elapsed, .zh))。")
            } else if let rate = rowsPerSecond, let timeLeft {
                lines.append("速度：\(Self.rate(rate, .zh))；大约还需 \(Self.spoken(timeLeft, .zh))。")
            } else {
                lines.append("速度：第一行完成后才能估计。")
            }
            lines.append("开始于 \(BeijingTime.iso8601(startedAt))，更新于 \(BeijingTime.iso8601(updatedAt))。")
            lines.append(finished
                ? "结果：\(names.resultsCSV)、\(names.resultsXLSX)\(failed > 0 ? "；失败的行在 \(names.failedCSV) 中——在那里改好后重新放入" : "")。"
                : "目前的结果：\(names.resultsCSV)（每完成一行就会重写）。")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `9.5 rows/s`, or per minute when slower than a row a second.
    static func rate(_ rowsPerSecond: Double, _ language: Language) -> String {
        func figure(_ value: Double) -> String {
            value >= 10 ? String(Int(value.rounded())) : String(format: "%.1f", value)
        }
        if rowsPerSecond >= 1 {
            return language.pick(en: "\(figure(rowsPerSecond)) rows/s", zh: "每秒 \(figure(rowsPerSecond)) 行")
        }
        let perMinute = rowsPerSecond * 60
        return language.pick(en: "\(figure(perMinute)) rows/min", zh: "每分钟 \(figure(perMinute)) 行")
    }

    /// `40 s`, `3 min 20 s`, `2 h 5 min` (`40 秒`, `3 分 20 秒`, `2 小时 5 分`).
    static func spoken(_ duration: Duration, _ language: Language) -> String {
        let seconds = max(0, Int(duration.inSeconds.rounded()))
        let (hours, minutes, rest) = (seconds / 3600, seconds % 3600 / 60, seconds % 60)
        switch language {
        case .en:
            if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
            if minutes > 0 { return rest > 0 ? "\(minutes) min \(rest) s" : "\(minutes) min" }
            return "\(rest) s"
        case .zh:
            if hours > 0 { return minutes > 0 ? "\(hours) 小时 \(minutes) 分" : "\(hours) 小时" }
            if minutes > 0 { return rest > 0 ? "\(minutes) 分 \(rest) 秒" : "\(minutes) 分" }
            return "\(rest) 秒"
        }
    }
}
