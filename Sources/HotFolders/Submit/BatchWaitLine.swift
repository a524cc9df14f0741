import CozeAPI

/// The progress of a batch as a person reads it: `[#####.....] 120/500 done, 3 failed, 9.5 rows/s,
/// about 40 s left` on a terminal (one line, redrawn), the same without the bar in a log.
public struct BatchWaitLine: Sendable {
    public var language: Language
    /// Cells of the bar.
    public var width: Int

    public init(language: Language, width: Int = 10) {
        self.language = language
        self.width = width
    }

    /// `[#####.....]`: `#` for each finished tenth (rounded down, full only when all is done).
    public func bar(_ progress: BatchStatusEntry) -> String {
        let filled = progress.total == 0 ? width : min(width, progress.done * width / progress.total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// Counts, rate and time left, without the bar.
    public func counts(_ progress: BatchStatusEntry) -> String {
        let l = language
        var parts = [l.pick(en: "\(progress.done)/\(progress.total) done", zh: "已完成 \(progress.done)/\(progress.total)"),
                     l.pick(en: "\(progress.failed) failed", zh: "失败 \(progress.failed)")]
        if let rate = progress.rowsPerSecond { parts.append(l.pick(en: "\(Self.rate(rate)) rows/s", zh: "\(Self.rate(rate)) 行/秒")) }
        if progress.done < progress.total, let left = progress.secondsLeft { parts.append(timeLeft(left)) }
        return parts.joined(separator: l.pick(en: ", ", zh: "，"))
    }

    /// The redrawn terminal line.
    public func terminal(_ progress: BatchStatusEntry) -> String { bar(progress) + " " + counts(progress) }

    /// A line for a log or a pipe: the table's name, then the counts.
    public func plain(_ progress: BatchStatusEntry) -> String {
        language.pick(en: "\(progress.table): ", zh: "\(progress.table)：") + counts(progress)
    }

    /// `about 40 s left`, `about 3 min left`, `about 2 h 5 min left` (rounded up).
    public func timeLeft(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        let l = language
        if whole < 60 { return l.pick(en: "about \(max(1, whole)) s left", zh: "约剩 \(max(1, whole)) 秒") }
        let minutes = (whole + 59) / 60
        if minutes < 60 { return l.pick(en: "about \(minutes) min left", zh: "约剩 \(minutes) 分钟") }
        let hours = minutes / 60, rest = minutes % 60
        let tail = rest == 0 ? "" : l.pick(en: " \(rest) min", zh: " \(rest) 分钟")
        return l.pick(en: "about \(hours) h\(tail) left", zh: "约剩 \(hours) 小时\(tail)")
    }

    /// `9.5`, `120`: one decimal below 100.
    static func rate(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
