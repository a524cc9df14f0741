/// Decides which keep-alive connection ("lane") a call goes out on, and whether that lane's
/// connection must first be opened by a cheap request.
///
/// Why lanes: on Linux, while the *first* request on a newly opened connection waits for its answer,
/// FoundationNetworking burns most of a core (a write source stays armed); later requests on the same
/// connection wait for free. A shared session opens connections wherever it likes, so several long
/// calls at once always include some that are first on their connection. Each lane is a session
/// limited to one connection: a warm-up request on the lane opens exactly the connection its call
/// then reuses.
///
/// Lanes are handed out most-recently-used first, so steady traffic keeps a few lanes warm and the
/// rest go cold. A lane idle for longer than `freshness` may have lost its connection (servers close
/// idle keep-alive connections), so it is warmed again before use.
public struct ConnectionLanes: Sendable {
    /// Where one call goes.
    public enum Assignment: Sendable, Equatable {
        /// Lane `index`; `warmUp` says to open its connection with a cheap request first.
        case lane(index: Int, warmUp: Bool)
        /// Every lane is busy: use the shared overflow session and accept the cost.
        case overflow
    }

    public let capacity: Int
    public let freshness: Duration
    /// Lanes opened so far.
    public private(set) var count = 0
    /// Free lanes with the moment each last finished a call; the most recently used is last.
    private var free: [(index: Int, finished: Duration?)] = []

    public init(capacity: Int, freshness: Duration = .seconds(20)) {
        self.capacity = max(1, capacity)
        self.freshness = freshness
    }

    /// Takes a lane for a call starting at `now` (any monotonic time line).
    public mutating func take(at now: Duration) -> Assignment {
        if let (index, finished) = free.popLast() {
            let stale = finished.map { now - $0 > freshness } ?? true
            return .lane(index: index, warmUp: stale)
        }
        guard count < capacity else { return .overflow }
        count += 1
        return .lane(index: count - 1, warmUp: true)
    }

    /// Gives a lane back after its call ended at `now`. `healthy` is false when the call failed
    /// without an HTTP answer, so the connection may be gone and the next call warms it again.
    public mutating func release(_ index: Int, at now: Duration, healthy: Bool = true) {
        free.append((index, healthy ? now : nil))
    }

}
