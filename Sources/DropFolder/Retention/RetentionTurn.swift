/// Whose turn it is to tidy `outbox/` and `failed/`, from the agents' folders in `processing/`: the
/// live agent with the smallest id. Pure; no lock file (on SMB `O_EXCL` is not exclusive).
///
/// An agent counts as live when its own folder holds a lease that says it is running and, when it
/// runs on this host, its process is there. A folder taken over (`<agent>.adopted.…`), a folder
/// without a lease, or a lease that says `stopped` is nobody's claim. An agent that died on another
/// host counts until a live agent takes its folder over (one lease duration), so at worst retention
/// waits that long; two agents that both believe it is their turn still lose nothing (see
/// `RetentionKeeper`).
public enum RetentionTurn {
    /// What one folder in `processing/` says: its name and the lease found in it.
    public struct Sighting: Sendable, Equatable {
        public var folder: String
        public var lease: AgentLease?

        public init(folder: String, lease: AgentLease?) {
            self.folder = folder
            self.lease = lease
        }
    }

    public enum Decision: Sendable, Equatable {
        case mine
        /// Another live agent (this one) has the smaller id.
        case waits(for: String)
    }

    /// The agents that count as live, this one always among them.
    public static func liveAgents(me: AgentIdentity, sightings: [Sighting], isProcessAlive: (Int32) -> Bool) -> Set<String> {
        var live: Set<String> = [me.id]
        for sighting in sightings where !sighting.folder.hasPrefix(".") && !sighting.folder.contains(AgentIdentity.adoptedMarker) {
            guard let lease = sighting.lease, LeaseJudge.verdict(of: lease, host: me.host, isProcessAlive: isProcessAlive) != .dead else { continue }
            live.insert(sighting.folder)
        }
        return live
    }

    public static func decide(me: AgentIdentity, sightings: [Sighting], isProcessAlive: (Int32) -> Bool) -> Decision {
        let first = liveAgents(me: me, sightings: sightings, isProcessAlive: isProcessAlive).min()!
        return first == me.id ? .mine : .waits(for: first)
    }
}
