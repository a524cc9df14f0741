import Foundation

/// Hands out the current token to every call and renews it: one renewal at a time (calls that
/// need a token wait for it), before it expires (see `AccessToken.renewalMargin`), when a token
/// file changes, and once after Coze refuses a token (4100). Never logs the token.
public actor TokenBroker {
    /// What happened to the token, for the console and the status file (never the token).
    public enum Event: Sendable, Equatable {
        case renewed(origin: String, expiresAt: Date?)
        case unavailable(TokenProblem)
    }

    /// The token's state as the status file shows it.
    public struct Status: Sendable, Equatable {
        public var origin: String
        public var expiresAt: Date?
        public var renewals: Int
        public var problem: TokenProblem?
    }

    /// How often a token file is looked at for a change, at most.
    public static let fileCheckInterval: TimeInterval = 3

    public nonisolated let source: any TokenSource
    private let now: @Sendable () -> Date
    private var current: AccessToken?
    private var renewal: Task<Result<AccessToken, TokenProblem>, Never>?
    private var lastChangeCheck: Date?
    private var renewals = 0
    private var problem: TokenProblem?
    private var observer: (@Sendable (Event) -> Void)?

    public init(source: any TokenSource, now: @escaping @Sendable () -> Date = Date.init) {
        self.source = source
        self.now = now
    }

    /// Calls `observer` at each renewal and each failure to get a token.
    public func observe(_ observer: @escaping @Sendable (Event) -> Void) { self.observer = observer }

    public var status: Status {
        Status(origin: source.origin, expiresAt: current?.expiresAt, renewals: renewals, problem: problem)
    }

    /// A token that stays valid beyond the renewal margin, renewed first when needed.
    public func token() async throws(TokenProblem) -> String {
        let now = now()
        if let current, current.isFresh(at: now), !fileChanged(at: now) { return current.value }
        return try await renew().value
    }

    /// Coze refused `token` (4100): whether another token can be had, so the refused call may be
    /// sent once more. A fixed token, or a source that gives the same token again, cannot.
    public func rejected(_ token: String) async -> Bool {
        guard source.canRenew else { return false }
        if let current, current.value != token { return true }
        current = nil
        guard let fresh = try? await renew() else { return false }
        return fresh.value != token
    }

    /// Asks the source now, whatever the current token's state (`coze-drop token`, a paused agent's probe).
    public func renewNow() async throws(TokenProblem) -> AccessToken {
        current = nil
        return try await renew()
    }

    private func fileChanged(at now: Date) -> Bool {
        guard source.canRenew else { return false }
        if let last = lastChangeCheck, now.timeIntervalSince(last) < Self.fileCheckInterval { return false }
        lastChangeCheck = now
        return source.hasChanged()
    }

    private func renew() async throws(TokenProblem) -> AccessToken {
        if let renewal { return try await renewal.value.get() }
        let source = source, now = now
        let task = Task { () -> Result<AccessToken, TokenProblem> in
            do throws(TokenProblem) { return .success(try await source.fetch(now: now())) } catch { return .failure(error) }
        }
        renewal = task
        let result = await task.value
        renewal = nil
        switch result {
        case .success(let token):
            current = token
            problem = nil
            renewals += 1
            observer?(.renewed(origin: source.origin, expiresAt: token.expiresAt))
        case .failure(let failure):
            let isNew = problem != failure
            problem = failure
            if isNew { observer?(.unavailable(failure)) }
        }
        return try result.get()
    }
}
