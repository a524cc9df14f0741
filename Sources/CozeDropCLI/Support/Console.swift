#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DropFolder

/// Standard output and error, unbuffered, so lines appear at once and survive a crash.
public struct Console: Sendable {
    let out: ConsoleEventLog
    let err: ConsoleEventLog
    private let outDescriptor: Int32

    public init(outDescriptor: Int32 = STDOUT_FILENO, errorDescriptor: Int32 = STDERR_FILENO) {
        self.outDescriptor = outDescriptor
        out = ConsoleEventLog(descriptor: outDescriptor)
        err = ConsoleEventLog(descriptor: errorDescriptor)
    }

    /// Where the agent's events go: standard output, as text or as JSON lines.
    func events(format: ConsoleEventLog.Format) -> ConsoleEventLog {
        format == .text ? out : ConsoleEventLog(descriptor: outDescriptor, format: .json)
    }

    /// Whether standard output is a terminal (a line can be redrawn in place).
    var isTerminal: Bool { isatty(outDescriptor) == 1 }

    func print(_ text: String) { out.write(line: text) }
    /// Text without a line end, for a stream's text as it arrives.
    func show(_ text: String) { out.write(text: text) }
    func error(_ text: String) { err.write(line: text) }
}
