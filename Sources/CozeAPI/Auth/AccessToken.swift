import Foundation

/// A bearer token and how long it lasts. The value is never logged, printed or written anywhere.
public struct AccessToken: Sendable, Equatable {
    public var value: String
    /// When it stops working; `nil` when nobody said (a fixed token, a file, a bare command output).
    public var expiresAt: Date?
    /// When it was obtained, to size the renewal margin.
    public var obtainedAt: Date

    public init(value: String, expiresAt: Date? = nil, obtainedAt: Date) {
        self.value = value
        self.expiresAt = expiresAt
        self.obtainedAt = obtainedAt
    }

    /// How long before `expiresAt` a new token is fetched: a minute, or a quarter of the token's
    /// life when it is shorter than four minutes (the simulator's seconds-long tokens).
    public var renewalMargin: TimeInterval {
        guard let expiresAt else { return 0 }
        return min(60, max(0, expiresAt.timeIntervalSince(obtainedAt)) / 4)
    }

    /// Whether it can still be used at `now`, keeping the renewal margin.
    public func isFresh(at now: Date) -> Bool {
        guard let expiresAt else { return true }
        return now.addingTimeInterval(renewalMargin) < expiresAt
    }

    /// `expires_in` as Coze and token commands give it: seconds from now when below 1,000,000,000,
    /// an absolute Unix time above (Coze's OAuth answer).
    public static func expiry(expiresIn: Double, now: Date) -> Date {
        expiresIn < 1_000_000_000 ? now.addingTimeInterval(expiresIn) : Date(timeIntervalSince1970: expiresIn)
    }
}
