import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

private func entry(_ phase: JournalEntry.Phase, executeID: String? = nil) -> JournalEntry {
    var entry = JournalEntry(jobID: "j1", name: "a.json", phase: phase)
    entry.executeID = executeID
    return entry
}

@Test(arguments: [
    // journal, request, record, resend → action
    (nil, true, false, false, RecoveryPlan.Action.run),
    (entry(.claiming), true, false, false, .run),
    (entry(.claiming), false, false, false, .discardJournal),
    (entry(.sending), true, false, false, .reportInterrupted),
    (entry(.sending), true, false, true, .run),
    (entry(.started, executeID: "77"), true, false, false, .resumePolling(executeID: "77")),
    (entry(.started, executeID: "77"), true, false, true, .resumePolling(executeID: "77")),
    (entry(.sending), true, true, false, .finishSettling),
    (entry(.settling), false, true, false, .finishSettling),
    (entry(.settling), true, false, false, .finishSettling),
    (entry(.settling), false, false, false, .discardJournal),
])
func recoveryNeverSendsAgainWhatMayHaveReachedCoze(journal: JournalEntry?, hasRequest: Bool, hasRecord: Bool, resend: Bool, expected: RecoveryPlan.Action) {
    #expect(RecoveryPlan.decide(journal: journal, hasRequest: hasRequest, hasRecord: hasRecord, resendInterrupted: resend) == expected)
}

@Test func aJournalEntrySurvivesTheRoundTrip() {
    var original = entry(.started, executeID: "7431")
    original.startResponse = .object(["execute_id": .string("7431")])
    original.name = "名字 with\nnew line.json"
    #expect(JournalEntry(json: original.json) == original)
}

@Test func anOwnerIsAliveWhileItsHeartbeatMovesAndDeadWhenItStops() {
    var judge = LeaseJudge(duration: .seconds(60), host: "here", isProcessAlive: { _ in true })
    func lease(_ beat: Int) -> AgentLease { AgentLease(agent: "b", host: "elsewhere", pid: 10, beat: beat, running: true) }
    #expect(judge.judge(owner: "b", lease: lease(1), contents: ["x"], at: .seconds(0)) == .undecided)
    #expect(judge.judge(owner: "b", lease: lease(2), contents: ["x"], at: .seconds(10)) == .alive)
    #expect(judge.judge(owner: "b", lease: lease(2), contents: ["x"], at: .seconds(69)) == .alive)
    #expect(judge.judge(owner: "b", lease: lease(2), contents: ["x"], at: .seconds(70)) == .dead)
}

@Test func anOwnerThatStoppedOrWhoseProcessIsGoneIsDeadAtOnce() {
    var judge = LeaseJudge(duration: .seconds(60), host: "here", isProcessAlive: { $0 == 1 })
    #expect(judge.judge(owner: "a", lease: AgentLease(agent: "a", host: "elsewhere", pid: 5, beat: 3, running: false), contents: [], at: .zero) == .dead)
    #expect(judge.judge(owner: "b", lease: AgentLease(agent: "b", host: "here", pid: 5, beat: 3, running: true), contents: [], at: .zero) == .dead)
    #expect(judge.judge(owner: "c", lease: AgentLease(agent: "c", host: "here", pid: 1, beat: 3, running: true), contents: [], at: .zero) == .alive)
}

@Test func aFolderWithoutALeaseIsDeadOnlyAfterItsContentsStandStillForTheLease() {
    var judge = LeaseJudge(duration: .seconds(30), host: "here", isProcessAlive: { _ in true })
    #expect(judge.judge(owner: "a", lease: nil, contents: ["j1.json"], at: .zero) == .undecided)
    #expect(judge.judge(owner: "a", lease: nil, contents: ["j1.json", "j1.state.json"], at: .seconds(20)) == .alive)
    #expect(judge.judge(owner: "a", lease: nil, contents: ["j1.json", "j1.state.json"], at: .seconds(49)) == .alive)
    #expect(judge.judge(owner: "a", lease: nil, contents: ["j1.json", "j1.state.json"], at: .seconds(50)) == .dead)
}

@Test func retriesARunOnlyWhenItCannotHaveStarted() {
    let policy = RetryPolicy()
    let refused = CozeFailure(kind: .network, message: "", mayHaveReachedServer: false)
    let reset = CozeFailure(kind: .network, message: "")
    let timeout = CozeFailure(kind: .timeout, message: "")
    let throttled = CozeFailure(kind: .http, message: "", httpStatus: 429)
    let busy = CozeFailure(kind: .api, message: "", code: 4009)
    let gateway = CozeFailure(kind: .http, message: "", httpStatus: 502)
    let notFound = CozeFailure(kind: .api, message: "", code: 4200)
    #expect(policy.mayRetry(refused, call: .run, retry: 1))
    #expect(policy.mayRetry(throttled, call: .run, retry: 1))
    #expect(policy.mayRetry(busy, call: .run, retry: 1))
    #expect(!policy.mayRetry(reset, call: .run, retry: 1))
    #expect(!policy.mayRetry(timeout, call: .run, retry: 1))
    #expect(!policy.mayRetry(gateway, call: .run, retry: 1))
    #expect(!policy.mayRetry(refused, call: .run, retry: policy.maximumRunRetries + 1))
    for failure in [reset, timeout, throttled, busy, gateway] {
        #expect(policy.mayRetry(failure, call: .poll, retry: 1))
    }
    #expect(!policy.mayRetry(notFound, call: .poll, retry: 1))
}

@Test func retryWaitsGrowWithJitterUpToTheCap() {
    let policy = RetryPolicy()
    #expect(policy.delay(beforeRetry: 1, random: 0) == .milliseconds(500))
    #expect(policy.delay(beforeRetry: 1, random: 0.999_999) < .seconds(1))
    #expect(policy.delay(beforeRetry: 3, random: 1) == .seconds(4) * (0.5 + 1.0 / 2))
    #expect(policy.delay(beforeRetry: 20, random: 1) == .seconds(30))
}

@Test func theRateLimiterSpacesCallsAndPausesWhenThrottled() async throws {
    let clock = ManualClock()
    let limiter = RateLimiter(requestsPerSecond: 4, clock: clock)
    for _ in 0..<3 { try await limiter.acquire() }
    #expect(clock.sleeps == [.milliseconds(250), .milliseconds(250)])
    limiter.pause(for: .seconds(5))
    try await limiter.acquire()
    #expect(clock.sleeps.last == .seconds(5))
}
