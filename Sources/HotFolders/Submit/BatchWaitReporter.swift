import CozeAPI

/// Decides what `submit --wait` shows while a batch runs: on a terminal, one line redrawn whenever
/// it changes; otherwise a plain line at most every `plainInterval` seconds (and at once for the
/// first news). The caller polls and prints; time is seconds on any monotonic clock.
public struct BatchWaitReporter: Sendable {
    /// What to show now.
    public enum Output: Sendable, Equatable {
        /// Replace the terminal's current line with this text.
        case redraw(String)
        /// Print this as a line of its own.
        case line(String)
    }

    public var line: BatchWaitLine
    public var isTerminal: Bool
    public var plainInterval: Double
    private var lastText: String?
    private var lastPlainAt: Double?
    /// Whether the last text shown was progress (not the waiting line); `nil` before any.
    private var lastWasProgress: Bool?

    public init(line: BatchWaitLine, isTerminal: Bool, plainInterval: Double = 5) {
        self.line = line
        self.isTerminal = isTerminal
        self.plainInterval = plainInterval
    }

    /// What to show for `progress` (`nil`: no agent has taken the table yet) at `now`.
    public mutating func update(_ progress: BatchStatusEntry?, table: String, at now: Double) -> Output? {
        let l = line.language
        let text: String
        if let progress {
            text = isTerminal ? line.terminal(progress) : line.plain(progress)
        } else {
            text = l.pick(en: "waiting for an agent (coze-drop watch) to take \(table)…", zh: "等待代理（coze-drop watch）接手 \(table)……")
        }
        guard text != lastText else { return nil }
        if isTerminal {
            lastText = text
            return .redraw(text)
        }
        // A change of phase (waiting → running) is news at once; progress waits for the interval.
        let samePhase = lastWasProgress == (progress != nil)
        if samePhase, let lastPlainAt, now - lastPlainAt < plainInterval { return nil }
        lastText = text
        lastPlainAt = now
        lastWasProgress = progress != nil
        return .line(text)
    }
}
