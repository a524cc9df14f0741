import Foundation

/// Where a token comes from: a fixed value, a file re-read when it changes, a command, or an
/// OAuth service app. `TokenBroker` decides when to ask.
public protocol TokenSource: Sendable {
    /// Where the token comes from, for the console and the status file; never the token itself.
    var origin: String { get }
    /// Whether asking again can give another token (after a 4100, before expiry).
    var canRenew: Bool { get }
    /// Gets a token now.
    func fetch(now: Date) async throws(TokenProblem) -> AccessToken
    /// A cheap check whether asking again would give something new (a file that changed).
    func hasChanged() -> Bool
}

extension TokenSource {
    public func hasChanged() -> Bool { false }
}

/// A token given once (`COZE_API_TOKEN`, the simulator's): it never changes.
public struct FixedTokenSource: TokenSource {
    let token: String
    public let origin: String

    public init(_ token: String, origin: String = "COZE_API_TOKEN") {
        self.token = token
        self.origin = origin
    }

    public var canRenew: Bool { false }

    public func fetch(now: Date) async throws(TokenProblem) -> AccessToken {
        AccessToken(value: token, obtainedAt: now)
    }
}
