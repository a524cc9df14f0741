import Foundation
import WorkflowJobs

/// The token's state as the status file shows it: where it comes from, until when it is valid, and
/// why none can be had. Never the token.
public struct TokenSnapshot: Sendable, Equatable {
    public var origin: String
    public var expiresAt: Date?
    public var problem: String?

    public init(origin: String, expiresAt: Date? = nil, problem: String? = nil) {
        self.origin = origin
        self.expiresAt = expiresAt
        self.problem = problem
    }
}
