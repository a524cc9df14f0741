/// Decides when a dropped file has stopped changing: its size, modification time and inode have
/// stayed the same for the settle window, measured on the agent's own monotonic clock from when
/// it first saw those values. A share's clock is never compared with ours.
public struct SettleTracker: Sendable {
    private struct Sighting {
        var signature: FileSignature
        var since: Duration
        /// Found still for the window: a scan need not look at it again before it is claimed.
        var settled = false
    }

    /// What must stay the same for a file to count as still.
    public struct FileSignature: Sendable, Equatable {
        var size: Int64
        var modificationSeconds: Int
        var modificationNanoseconds: Int
        var inode: UInt64
        /// What it is and its permission bits, so a claim need not look again before reading it.
        var kind: FileAttributes.Kind
        var permissions: UInt16

        public init(_ attributes: FileAttributes) {
            size = attributes.size
            modificationSeconds = attributes.modificationSeconds
            modificationNanoseconds = attributes.modificationNanoseconds
            inode = attributes.inode
            kind = attributes.kind
            permissions = attributes.permissions
        }
    }

    public var window: Duration
    private var sightings: [String: Sighting] = [:]

    public init(window: Duration) {
        self.window = window
    }

    /// Records what a scan saw of `name` at `now`; true when the file has been still for the window.
    public mutating func observe(_ name: String, _ signature: FileSignature, at now: Duration) -> Bool {
        if let previous = sightings[name], previous.signature == signature {
            let still = now - previous.since >= window
            if still { sightings[name]?.settled = true }
            return still
        }
        sightings[name] = Sighting(signature: signature, since: now, settled: window <= .zero)
        return window <= .zero
    }

    /// What a file found still looked like then, or `nil` while it is still settling (or unknown):
    /// a scan takes a settled file as ready without looking at it again, and the claim compares
    /// the file with this once more.
    public func settledSignature(of name: String) -> FileSignature? {
        guard let sighting = sightings[name], sighting.settled else { return nil }
        return sighting.signature
    }

    /// Forgets names that are no longer there (claimed, deleted or renamed).
    public mutating func keepOnly(_ names: Set<String>) {
        sightings = sightings.filter { names.contains($0.key) }
    }

    public mutating func forget(_ name: String) {
        sightings[name] = nil
    }

    public var trackedCount: Int { sightings.count }

    public func isTracking(_ name: String) -> Bool { sightings[name] != nil }

    /// When the next file still settling becomes ready, if it stays as it is.
    public var nextReadyTime: Duration? {
        sightings.values.filter { !$0.settled }.map { $0.since + window }.min()
    }
}
