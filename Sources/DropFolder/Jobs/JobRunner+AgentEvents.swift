import CozeAPI
import Foundation
import WorkflowJobs

extension JobRunner {
    /// A runner whose events go to the agent's event sink (the console, the event log).
    public init(
        client: CozeClient, clock: any MonotonicClock, wallClock: @escaping @Sendable () -> Date, events: any EventSink,
        limiter: RateLimiter? = nil, retryPolicy: RetryPolicy = RetryPolicy(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        callTimeout: Duration = JobRunner.defaultCallTimeout, streamIdleTimeout: Duration = JobRunner.defaultStreamIdleTimeout,
        language: Language = .en, workflowInfo: WorkflowInfoCache? = nil
    ) {
        self.init(client: client, clock: clock, wallClock: wallClock, events: AgentEventForwarder(sink: events), limiter: limiter,
                  retryPolicy: retryPolicy, random: random, callTimeout: callTimeout, streamIdleTimeout: streamIdleTimeout,
                  language: language, workflowInfo: workflowInfo)
    }
}
