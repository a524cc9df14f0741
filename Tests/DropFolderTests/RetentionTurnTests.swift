import DropFolder
import Testing

@Suite struct RetentionTurnTests {
    static let me = AgentIdentity(id: "host-b-200-aa", host: "host-b", pid: 200)

    static func lease(_ agent: String, host: String = "host-x", pid: Int32 = 7, running: Bool = true) -> RetentionTurn.Sighting {
        RetentionTurn.Sighting(folder: agent, lease: AgentLease(agent: agent, host: host, pid: pid, beat: 3, running: running))
    }

    @Test(arguments: [
        // Alone, or only with agents whose ids sort after ours: ours.
        ([], RetentionTurn.Decision.mine),
        ([lease("host-c-1-aa")], .mine),
        // A live agent with a smaller id (on another host: its lease says running) has the turn.
        ([lease("host-a-1-aa")], .waits(for: "host-a-1-aa")),
        ([lease("host-c-1-aa"), lease("host-a-9-ff")], .waits(for: "host-a-9-ff")),
        // Agents that stopped, whose process on this host is gone, without a lease, or already taken over do not count.
        ([lease("host-a-1-aa", running: false)], .mine),
        ([lease("host-a-1-aa", host: "host-b", pid: 999)], .mine),
        ([lease("host-a-1-aa", host: "host-b", pid: 100)], .waits(for: "host-a-1-aa")),
        ([RetentionTurn.Sighting(folder: "host-a-1-aa", lease: nil)], .mine),
        ([lease("host-b-200-aa.adopted.x1")], .mine),
        ([lease(".hidden")], .mine),
    ] as [([RetentionTurn.Sighting], RetentionTurn.Decision)])
    func theLiveAgentWithTheSmallestIdHasTheTurn(sightings: [RetentionTurn.Sighting], expected: RetentionTurn.Decision) {
        // On this host, pid 100 runs and 999 does not.
        #expect(RetentionTurn.decide(me: Self.me, sightings: sightings, isProcessAlive: { $0 == 100 }) == expected)
    }
}
