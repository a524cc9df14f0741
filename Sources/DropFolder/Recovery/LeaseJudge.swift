/// Decides whether another agent's folder in `processing/` belongs to a live agent. An owner is
/// dead when it said it stopped, when it ran on this host and its process is gone, or when
/// neither its heartbeat nor its folder has changed for the lease duration on our clock. An owner
/// on this host whose process runs is alive.
public struct LeaseJudge: Sendable {
    public enum Verdict: Sendable, Equatable { case alive, dead, undecided }

    /// What was last seen of one owner: its beat (or nil without a lease) and its folder's contents.
    private struct Sighting {
        var beat: Int?
        var contents: [String]
        var since: Duration
        var seenChange: Bool
    }

    public var duration: Duration
    let host: String
    let isProcessAlive: @Sendable (Int32) -> Bool
    private var sightings: [String: Sighting] = [:]

    public init(duration: Duration, host: String, isProcessAlive: @escaping @Sendable (Int32) -> Bool) {
        self.duration = duration
        self.host = host
        self.isProcessAlive = isProcessAlive
    }

    /// What a lease says on its own: dead when it says its agent stopped, or when that agent ran on
    /// this host and its process is gone; alive when its process on this host runs; `nil` when only
    /// watching its heartbeat can tell.
    public static func verdict(of lease: AgentLease, host: String, isProcessAlive: (Int32) -> Bool) -> Verdict? {
        if !lease.running { return .dead }
        if lease.host == host { return isProcessAlive(lease.pid) ? .alive : .dead }
        return nil
    }

    public mutating func judge(owner: String, lease: AgentLease?, contents: [String], at now: Duration) -> Verdict {
        if let lease, let verdict = Self.verdict(of: lease, host: host, isProcessAlive: isProcessAlive) { return verdict }
        let beat = lease?.beat
        guard var sighting = sightings[owner] else {
            sightings[owner] = Sighting(beat: beat, contents: contents, since: now, seenChange: false)
            return .undecided
        }
        if sighting.beat != beat || sighting.contents != contents {
            sighting = Sighting(beat: beat, contents: contents, since: now, seenChange: true)
            sightings[owner] = sighting
            return .alive
        }
        if now - sighting.since >= duration { return .dead }
        return sighting.seenChange ? .alive : .undecided
    }

    public mutating func forget(_ owner: String) {
        sightings[owner] = nil
    }
}
