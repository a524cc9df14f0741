import CozeAPI
import Foundation
import OrderedJSON

/// Runs one validated request against Coze in its mode and reports how it ended. Every outcome,
/// good or bad, becomes a `JobResult` for the record; transient failures are retried only where a
/// retry cannot start a second run (see `RetryPolicy`).
public struct JobRunner: Sendable {
    /// How long an async start call or a poll may take, by default.
    public static let defaultCallTimeout = Duration.seconds(60)

    let client: CozeClient
    let clock: any MonotonicClock
    let wallClock: @Sendable () -> Date
    let events: any EventSink
    let limiter: RateLimiter?
    let retryPolicy: RetryPolicy
    /// A number in 0..<1 for jitter; injected so tests are repeatable.
    let random: @Sendable () -> Double
    /// How long an async start call or a poll may take.
    let callTimeout: Duration

    public init(
        client: CozeClient, clock: any MonotonicClock, wallClock: @escaping @Sendable () -> Date, events: any EventSink,
        limiter: RateLimiter? = nil, retryPolicy: RetryPolicy = RetryPolicy(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        callTimeout: Duration = JobRunner.defaultCallTimeout
    ) {
        self.callTimeout = callTimeout
        self.client = client
        self.clock = clock
        self.wallClock = wallClock
        self.events = events
        self.limiter = limiter
        self.retryPolicy = retryPolicy
        self.random = random
    }

    /// Runs `request` to its end; `file` names it in events.
    public func run(_ request: WorkflowRequest, file: String) async -> JobResult {
        if case .finished(let result) = await run(request, file: file, journal: nil) { return result }
        var result = JobResult(status: .failed, mode: request.mode, startedAt: wallClock())
        result.error = JobFailure(kind: .interrupted, message: "The run was stopped before it ended.")
        return result
    }

    /// Runs `request`, journaling each step that matters for recovery.
    /// - Parameters:
    ///   - startResponse: the start call's body when resuming a journaled async run.
    ///   - handsOffPolling: return `.awaiting` once an async run waits for its next poll, instead
    ///     of sleeping here; the caller polls it with `poll(_:)` when it is due.
    public func run(_ request: WorkflowRequest, file: String, journal: (any JobJournaling)?, startResponse: JSONValue? = nil,
                    handsOffPolling: Bool = false) async -> JobOutcome {
        let began = clock.now
        var job = Job(runner: self, request: request, file: file, journal: journal, began: began)
        job.result.request = request.invocation.describedBody
        job.result.startResponse = startResponse
        if request.executeID == nil {
            events.record(.sending(file: file, workflowID: request.invocation.workflowID, mode: request.mode,
                                   parameters: JSONWriter(prettyPrinted: false).string(from: request.invocation.parameters)))
        }
        var outcome: JobOutcome
        switch request.mode {
        case .sync: outcome = await job.runSync()
        case .async: outcome = await job.runAsync()
        case .stream:
            job.result.error = JobFailure(kind: .invalidRequest, message: "\"mode\": \"stream\" is not supported yet by this version of CozeDrop; use \"sync\" or \"async\".")
            outcome = job.finished()
        }
        while !handsOffPolling, case .awaiting(let run) = outcome {
            do { try await clock.sleep(for: run.wait) } catch { return .suspended }
            outcome = await poll(run)
        }
        return outcome
    }

    /// Sends the next poll of an async run that is due, and says how it went: finished, or waiting again.
    public func poll(_ run: AwaitingRun) async -> JobOutcome {
        var job = Job(runner: self, request: run.request, file: run.file, journal: nil, began: run.began)
        job.result = run.result
        return await job.poll(run)
    }

    static func continuationHint(workflowID: String, executeID: String) -> String {
        "To keep waiting, drop a file with {\"workflow_id\": \"\(workflowID)\", \"mode\": \"async\", \"execute_id\": \"\(executeID)\"}."
    }

    static let interruptedMessage = "CozeDrop was stopped while waiting for Coze's answer, so it cannot tell whether the workflow ran. Check the workflow's run history in Coze (the debug link, if any, shows the run) before dropping the request again: dropping it again runs it again."

    /// A debug link carries the run's id as its `execute_id` query item.
    static func executeID(inDebugURL text: String?) -> String? {
        guard let text, let components = URLComponents(string: text) else { return nil }
        return components.queryItems?.first(where: { $0.name == "execute_id" })?.value.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// One run in progress: the request, what has been learned so far, and the steps.
private struct Job {
    let runner: JobRunner
    let request: WorkflowRequest
    let file: String
    let journal: (any JobJournaling)?
    let began: Duration
    var result: JobResult

    init(runner: JobRunner, request: WorkflowRequest, file: String, journal: (any JobJournaling)?, began: Duration) {
        self.runner = runner
        self.request = request
        self.file = file
        self.journal = journal
        self.began = began
        self.result = JobResult(status: .failed, mode: request.mode, startedAt: runner.wallClock())
    }

    /// The run ended: stamp when, and how long it took.
    func finished() -> JobOutcome {
        var ended = result
        ended.finishedAt = runner.wallClock()
        ended.duration = runner.clock.now - began
        return .finished(ended)
    }

    var workflowID: String { request.invocation.workflowID }

    mutating func runSync() async -> JobOutcome {
        let reply: APIReply
        switch await sendRun(timeout: request.timeout) {
        case .answered(let answer): reply = answer
        case .ended(let outcome): return outcome
        }
        take(reply)
        result.output = reply.json?["data"].map(\.decodingEmbeddedJSON)
        if let question = reply.interruptData {
            let text = question["data"]?.stringValue ?? ""
            result.error = JobFailure(kind: .workflowFailed, message: "The workflow stopped to ask a question (\"\(text)\"). Answering questions is not supported yet by this version of CozeDrop; remove the Question node or run the workflow in Coze.")
            return finished()
        }
        result.status = .success
        return finished()
    }

    mutating func runAsync() async -> JobOutcome {
        let executeID: String
        if let known = request.executeID {
            executeID = known
        } else {
            let reply: APIReply
            switch await sendRun(timeout: runner.callTimeout) {
            case .answered(let answer): reply = answer
            case .ended(let outcome):
                guard case .finished(var ended) = outcome else { return outcome }
                ended.startResponse = ended.response
                return .finished(ended)
            }
            result.startResponse = reply.recordedBody
            take(reply)
            guard let started = reply.executeID ?? JobRunner.executeID(inDebugURL: reply.debugURL) else {
                result.error = JobFailure(kind: .http, message: "Coze accepted the async run but its answer has no `execute_id`, so the run cannot be followed. Open the debug link if there is one.", httpStatus: reply.httpStatus)
                return finished()
            }
            executeID = started
            await journal?.started(executeID: executeID, startResponse: result.startResponse)
            runner.events.record(.started(file: file, executeID: executeID))
        }
        result.executeID = executeID
        return awaiting(AwaitingRun(request: request, file: file, result: result, executeID: executeID, began: began), failedInARow: 0)
    }

    /// The run waits for its next poll; ±10 % spreads the polls of many jobs started together.
    private func awaiting(_ run: AwaitingRun, failedInARow: Int) -> JobOutcome {
        var next = run
        next.result = result
        next.failedInARow = failedInARow
        guard next.attempt < request.poll.maxAttempts else {
            let executeID = run.executeID
            var ended = self
            ended.result.error = JobFailure(kind: .timeout, message: "The async run is still running after \(next.attempt) polls; execute_id \(executeID). \(JobRunner.continuationHint(workflowID: workflowID, executeID: executeID))")
            return ended.finished()
        }
        let planned = request.poll.delay(beforeAttempt: next.attempt)
        next.wait = failedInARow == 0 ? planned * (0.9 + runner.random() * 0.2)
            : runner.retryPolicy.delay(beforeRetry: failedInARow, random: runner.random())
        return .awaiting(next)
    }

    /// One poll of a run that is due.
    mutating func poll(_ run: AwaitingRun) async -> JobOutcome {
        let executeID = run.executeID
        do {
            try await runner.limiter?.acquire()
        } catch {
            return .suspended
        }
        do {
            let (item, reply) = try await runner.client.runHistory(workflowID: workflowID, executeID: executeID, timeout: runner.callTimeout)
            if Task.isCancelled { return .suspended }
            var next = run
            next.attempt += 1
            result.polls = next.attempt
            runner.events.record(.polled(file: file, attempt: next.attempt, limit: request.poll.maxAttempts, status: item.status.name))
            result.response = reply.recordedBody
            result.logid = item.logid ?? reply.logid ?? result.logid
            result.debugURL = item.debugURL ?? result.debugURL
            result.usage = item.usage ?? result.usage
            switch item.status {
            case .success:
                result.output = item.output
                result.status = .success
                return finished()
            case .fail:
                let detail = item.errorMessage.isEmpty ? "no message was given" : "\"\(item.errorMessage)\""
                result.error = JobFailure(kind: .workflowFailed, message: "The workflow ran and failed (error code \(item.errorCode.isEmpty ? "none" : item.errorCode)): \(detail). Open the debug link to see which node failed.", code: Int(item.errorCode))
                return finished()
            case .running, .other:
                return awaiting(next, failedInARow: 0)
            }
        } catch {
            if Task.isCancelled { return .suspended }
            result.response = error.reply?.recordedBody ?? result.response
            let failedInARow = run.failedInARow + 1
            if RetryPolicy.isThrottling(error) { runner.limiter?.pause(for: runner.retryPolicy.delay(beforeRetry: failedInARow, random: runner.random())) }
            guard runner.retryPolicy.mayRetry(error, call: .poll, retry: failedInARow) else {
                fail(error)
                let hint = " The run itself may still be going: execute_id \(executeID). " + JobRunner.continuationHint(workflowID: workflowID, executeID: executeID)
                result.error?.message += hint
                return finished()
            }
            result.retries += 1
            runner.events.record(.pollProblem(file: file, attempt: run.attempt + 1, message: error.message))
            return awaiting(run, failedInARow: failedInARow)
        }
    }

    private enum SendOutcome {
        case answered(APIReply)
        case ended(JobOutcome)
    }

    /// The run call (sync run or async start), journaled first, retried only where safe.
    private mutating func sendRun(timeout: Duration) async -> SendOutcome {
        var retry = 0
        while true {
            do {
                try await runner.limiter?.acquire()
            } catch {
                return .ended(.deferred("the agent is stopping"))
            }
            do {
                try await journal?.willSend()
            } catch {
                return .ended(.deferred("cannot write the job's journal (\(error)); nothing was sent"))
            }
            do {
                return .answered(try await runner.client.run(request.invocation, timeout: timeout))
            } catch {
                if Task.isCancelled {
                    result.error = JobFailure(kind: .interrupted, message: JobRunner.interruptedMessage)
                    return .ended(finished())
                }
                retry += 1
                let wait = runner.retryPolicy.delay(beforeRetry: retry, random: runner.random())
                if RetryPolicy.isThrottling(error) { runner.limiter?.pause(for: wait) }
                guard runner.retryPolicy.mayRetry(error, call: .run, retry: retry) else {
                    fail(error)
                    return .ended(finished())
                }
                result.retries += 1
                runner.events.record(.retrying(file: file, retry: retry, after: wait, message: error.message))
                do { try await runner.clock.sleep(for: wait) } catch {
                    // Nothing reached Coze (that is why a retry was allowed): leave it for the next start.
                    return .ended(.deferred("the agent is stopping"))
                }
            }
        }
    }

    private mutating func take(_ reply: APIReply) {
        result.response = reply.recordedBody
        result.executeID = reply.executeID ?? JobRunner.executeID(inDebugURL: reply.debugURL) ?? result.executeID
        result.debugURL = reply.debugURL ?? result.debugURL
        result.logid = reply.logid ?? result.logid
        result.usage = reply.usage ?? result.usage
    }

    private mutating func fail(_ failure: CozeFailure) {
        if let reply = failure.reply { take(reply) }
        result.error = JobFailure(failure)
    }
}
