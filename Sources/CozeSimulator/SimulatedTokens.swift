import Foundation

/// The tokens the simulator has met: when each was first used, which it issued through OAuth and
/// until when, and the JWT ids already spent. Decisions only; the service keeps it under its lock.
struct SimulatedTokens: Sendable {
    private var firstUse: [String: Date] = [:]
    private var issued: [String: Date] = [:]
    private var spentJTIs: Set<String> = []

    /// Whether `token` has expired at `now`, remembering its first use. Issued tokens expire at
    /// their own time; others `ttl` after first use, or never without a TTL.
    mutating func hasExpired(_ token: String, at now: Date, ttl: Duration?) -> Bool {
        if let expiry = issued[token] { return now >= expiry }
        guard let ttl else { return false }
        let first = firstUse[token] ?? now
        firstUse[token] = first
        return now.timeIntervalSince(first) >= ttl.seconds
    }

    /// Spends a JWT id; `false` when it was spent before.
    mutating func spend(jti: String) -> Bool {
        spentJTIs.insert(jti).inserted
    }

    mutating func issue(_ token: String, expiringAt expiry: Date) {
        issued[token] = expiry
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
