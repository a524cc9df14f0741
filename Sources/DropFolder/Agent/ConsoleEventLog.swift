#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OrderedJSON
import Synchronization
import WorkflowJobs

/// Writes each event as one line, straight to a file descriptor (unbuffered, so nothing is lost on
/// a crash), one writer at a time: readable text for people, or one JSON object per line for log
/// collectors.
public final class ConsoleEventLog: EventSink {
    public enum Format: String, Sendable {
        case text
        case json
    }

    private let descriptor: Int32
    private let lock = Mutex(())
    private let wallClock: @Sendable () -> Date
    private let format: Format

    public init(descriptor: Int32 = STDOUT_FILENO, format: Format = .text, wallClock: @escaping @Sendable () -> Date = Date.init) {
        self.descriptor = descriptor
        self.format = format
        self.wallClock = wallClock
    }

    public func record(_ event: AgentEvent) {
        let time = BeijingTime.iso8601(wallClock())
        switch format {
        case .text: write(line: "\(String(time.dropFirst(11).prefix(8))) \(Self.describe(event))")
        case .json: write(line: JSONWriter(prettyPrinted: false).string(from: EventLine.json(for: event, time: time)))
        }
    }

    public func write(line: String) {
        write(text: line + "\n")
    }

    /// Writes `text` as it is, without ending the line (a stream's text as it arrives).
    public func write(text: String) {
        let bytes = Array(text.utf8)
        lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if count <= 0 { if errno == EINTR { continue }; return }
                offset += count
            }
        }
    }

    /// A file name as one readable line: control characters (a new line in a name) are escaped.
    static func printable(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return name }
        return name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    public static func describe(_ event: AgentEvent) -> String {
        switch event {
        case .agentStarted(let root, let baseURL, let simulated, let settings):
            return "watching \(root)/inbox → \(simulated ? "the built-in simulator (results are simulated)" : baseURL) [\(settings)]"
        case .pickedUp(let file):
            return "\(printable(file)): picked up"
        case .resumed(let file, let executeID):
            return "\(printable(file)): polling execute_id \(executeID) again (it was started before a restart)"
        case .adopted(let agent, let folder):
            return "taking over the unfinished jobs of agent \(agent), which stopped renewing its lease (now in \(folder))"
        case .sending(let file, let workflowID, let mode, let parameters):
            return "\(printable(file)): sending \(mode.rawValue) run of workflow \(workflowID) with parameters \(parameters)"
        case .started(let file, let executeID):
            return "\(printable(file)): started, execute_id \(executeID)"
        case .polled(let file, let attempt, let limit, let status):
            return "\(printable(file)): poll \(attempt)\(limit.map { "/\($0)" } ?? ""): \(status)"
        case .pollProblem(let file, let attempt, let message):
            return "\(printable(file)): poll \(attempt) failed, will poll again: \(message)"
        case .retrying(let file, let retry, let after, let message):
            return "\(printable(file)): retry \(retry) in \(AgentConfiguration.seconds(after)): \(message)"
        case .finished(let file, let record, _, _):
            return "\(printable(file)): finished → \(record)"
        case .failed(let file, let kind, let message, let record, _, _):
            return "\(printable(file)): failed (\(kind.rawValue)) → \(record): \(message)"
        case .parametersUnchecked(let workflowID?, let reason):
            return "could not check parameters of workflow \(workflowID): \(reason); running unchecked"
        case .parametersUnchecked(nil, let reason):
            return "parameters not checked: \(reason)"
        case .problem(let message):
            return "problem: \(message)"
        case .warning(let message):
            return "warning: \(message)"
        case .tokenRenewed(let message):
            return message
        case .scanned(let names, let examined, let duration):
            let milliseconds = duration.inSeconds * 1000
            return "scan: \(names) request names, \(examined) examined, \(String(format: "%.2f", milliseconds)) ms"
        case .stopping(let running):
            return running == 0 ? "stopping" : "stopping: waiting for \(running) running job(s) to finish (signal again to quit at once; they will be picked up again on the next start)"
        case .stopped:
            return "stopped"
        case .retained(let job, let files, let to?):
            return "\(printable(job)): older than keep_days, archived (\(files) file\(files == 1 ? "" : "s")) → \(printable(to))"
        case .retained(let job, let files, nil):
            return "\(printable(job)): older than keep_days, deleted (\(files) file\(files == 1 ? "" : "s"))"
        }
    }
}
