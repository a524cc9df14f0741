import CozeAPI
import Foundation
import OrderedJSON
import Synchronization
import TestSupport
import Testing

/// A source that hands out `token-1`, `token-2`, … each valid for `lifetime` seconds, counting fetches;
/// with `gate`, each fetch waits until the test opens it.
private final class CountingSource: TokenSource {
    let lifetime: TimeInterval?
    let fetches = Mutex(0)
    let gate: AsyncStream<Void>?
    let failing = Mutex<TokenProblem?>(nil)

    init(lifetime: TimeInterval? = 3600, gate: AsyncStream<Void>? = nil) {
        self.lifetime = lifetime
        self.gate = gate
    }

    var origin: String { "the counting source" }
    var canRenew: Bool { true }

    func fetch(now: Date) async throws(TokenProblem) -> AccessToken {
        if let gate { for await _ in gate { break } }
        if let problem = failing.withLock({ $0 }) { throw problem }
        let number = fetches.withLock { count -> Int in
            count += 1
            return count
        }
        return AccessToken(value: "token-\(number)", expiresAt: lifetime.map { now.addingTimeInterval($0) }, obtainedAt: now)
    }
}

private final class TestNow: Sendable {
    let seconds = Mutex(1_800_000_000.0)
    var date: Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
    func advance(_ by: TimeInterval) { seconds.withLock { $0 += by } }
}

@Test func aTokenIsReusedUntilAMinuteBeforeItExpiresThenRenewed() async throws {
    let source = CountingSource(lifetime: 900)
    let now = TestNow()
    let broker = TokenBroker(source: source, now: { now.date })
    #expect(try await broker.token() == "token-1")
    now.advance(839)
    #expect(try await broker.token() == "token-1")
    now.advance(2)  // 59 s left: inside the one-minute margin
    #expect(try await broker.token() == "token-2")
    #expect(source.fetches.withLock { $0 } == 2)
}

@Test func aShortLivedTokenIsRenewedAQuarterOfItsLifeEarly() async throws {
    let now = TestNow()
    let broker = TokenBroker(source: CountingSource(lifetime: 8), now: { now.date })
    #expect(try await broker.token() == "token-1")
    now.advance(5.9)
    #expect(try await broker.token() == "token-1")
    now.advance(0.2)
    #expect(try await broker.token() == "token-2")
}

@Test func callsThatNeedATokenWaitForTheOneRenewal() async throws {
    let (gate, open) = AsyncStream.makeStream(of: Void.self)
    let source = CountingSource(gate: gate)
    let broker = TokenBroker(source: source)
    let tokens = await withTaskGroup(of: String?.self) { group in
        for _ in 0..<20 { group.addTask { try? await broker.token() } }
        // Every caller is now waiting on the same fetch; let it finish.
        open.yield()
        open.finish()
        return await group.reduce(into: [String?]()) { $0.append($1) }
    }
    #expect(Set(tokens) == ["token-1"])
    #expect(source.fetches.withLock { $0 } == 1)
}

@Test func aRefusedTokenIsRenewedOnlyWhenTheSourceCanGiveAnother() async throws {
    let fixed = TokenBroker(source: FixedTokenSource("pat_x"))
    #expect(try await fixed.token() == "pat_x")
    #expect(await fixed.rejected("pat_x") == false)

    let renewable = TokenBroker(source: CountingSource())
    let first = try await renewable.token()
    #expect(await renewable.rejected(first) == true)
    #expect(try await renewable.token() == "token-2")
}

@Test func aFailingSourceIsReportedOnceAndRecoversByItself() async throws {
    let source = CountingSource()
    source.failing.withLock { $0 = TokenProblem("the vault is sealed") }
    let broker = TokenBroker(source: source)
    let seen = Mutex<[TokenBroker.Event]>([])
    await broker.observe { event in seen.withLock { $0.append(event) } }
    await #expect(throws: TokenProblem("the vault is sealed")) { try await broker.token() }
    await #expect(throws: TokenProblem("the vault is sealed")) { try await broker.token() }
    #expect(await broker.status.problem == TokenProblem("the vault is sealed"))
    source.failing.withLock { $0 = nil }
    #expect(try await broker.token() == "token-1")
    #expect(await broker.status.problem == nil)
    #expect(seen.withLock { $0 }.count == 2)  // one problem, one renewal: never a line per call
}

@Test func aTokenFileIsReadAgainWhenItChanges() async throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("pat_first\n", to: "token")
    let now = TestNow()
    let broker = TokenBroker(source: TokenFileSource(path: path), now: { now.date })
    #expect(try await broker.token() == "pat_first")
    try folder.write("pat_second\n# a comment line is ignored\n", to: "token")
    now.advance(TokenBroker.fileCheckInterval + 0.1)
    #expect(try await broker.token() == "pat_second")
    try folder.write("", to: "token")
    now.advance(TokenBroker.fileCheckInterval + 0.1)
    await #expect(throws: TokenProblem.self) { try await broker.token() }
}

@Test(arguments: [
    ("pat_plain\n", "pat_plain", nil as Double?),
    (#"{"access_token": "czs_abc", "expires_in": 600}"#, "czs_abc", 600.0),
    (#"{"access_token": "czs_abc", "expires_in": 1800000900}"#, "czs_abc", 900.0),
])
func aTokenCommandsOutputIsReadAsTheTokenAndItsExpiry(output: String, token: String, lifetime: Double?) throws {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let read = try TokenCommandSource.token(from: Array(output.utf8), now: now)
    #expect(read.value == token)
    #expect(read.expiresAt == lifetime.map { now.addingTimeInterval($0) })
}

@Test func aTokenCommandThatFailsShowsItsErrorsButNeverItsOutput() async throws {
    let source = TokenCommandSource(command: "echo pat_should_not_show; echo 'vault: permission denied' >&2; exit 3")
    do {
        _ = try await source.fetch(now: Date())
        Issue.record("no failure")
    } catch {
        #expect(error.message.contains("exit status 3"))
        #expect(error.message.contains("vault: permission denied"))
        #expect(!error.message.contains("pat_should_not_show"))
    }
    let working = try await TokenCommandSource(command: #"printf '{"access_token":"czs_ok","expires_in":60}'"#).fetch(now: Date())
    #expect(working.value == "czs_ok")
}

@Test func aTokenCommandThatHangsIsStoppedAtItsTimeLimit() async throws {
    let source = TokenCommandSource(command: "sleep 30", timeLimit: 0.3)
    await #expect(throws: TokenProblem.self) { try await source.fetch(now: Date()) }
}

@Test func aRefusedTokenIsRenewedAndTheCallSentOnceMoreCountedAsARetry() async throws {
    let refused = ScriptedTransport.Answer.json(401, #"{"code":4100,"msg":"authentication is invalid"}"#)
    let script = ScriptedTransport([refused, .json(200, #"{"code":0,"msg":"","data":"{\"output\":1}"}"#)])
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, credentials: TokenBroker(source: CountingSource()), transport: script.transport)
    let counter = CallObservation.Counter()
    let reply = try await CallObservation.$resentCalls.withValue(counter) {
        try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5))
    }
    #expect(reply.code == 0)
    #expect(counter.value == 1)
    #expect(script.sent.map { $0.headers["Authorization"] } == ["Bearer token-1", "Bearer token-2"])
}

@Test func aSecondRefusalFailsWithTheTokenAdvice() async throws {
    let refused = ScriptedTransport.Answer.json(401, #"{"code":4100,"msg":"authentication is invalid"}"#)
    let script = ScriptedTransport([refused, refused])
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, credentials: TokenBroker(source: CountingSource()), transport: script.transport)
    await #expect(throws: CozeFailure.self) { try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5)) }
    #expect(script.sent.count == 2)
}
