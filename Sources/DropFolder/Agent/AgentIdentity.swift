#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import WorkflowJobs
import Darwin
#endif
import Foundation

/// Who this agent is: the name of its own folder in `processing/`, where only it claims files.
public struct AgentIdentity: Sendable, Equatable {
    public var id: String
    public var host: String
    public var pid: Int32

    public init(id: String, host: String, pid: Int32) {
        self.id = id
        self.host = host
        self.pid = pid
    }

    /// `host-pid-xxxx`, unique per process even when a pid is reused.
    public static func current() -> AgentIdentity {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safeHost = String(host.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }.prefix(40))
        let pid = getpid()
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return AgentIdentity(id: "\(safeHost.isEmpty ? "agent" : safeHost)-\(pid)-\(suffix)", host: host, pid: pid)
    }

    /// Whether a process of this machine is still running.
    public static func isProcessAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    static let adoptedMarker = ".adopted."

    /// The agent a folder in `processing/` belongs to: `a` for `a` and for `a.adopted.x`.
    static func owner(ofFolder name: String) -> String {
        guard let range = name.range(of: adoptedMarker) else { return name }
        return String(name[..<range.lowerBound])
    }
}
