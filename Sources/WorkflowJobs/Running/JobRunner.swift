import CozeAPI
import Foundation
import OrderedJSON

/// Runs one validated request against Coze in its mode and reports how it ended. Every outcome,
/// good or bad, becomes a `JobResult` for the record; transient failures are retried only where a
/// retry cannot start a second run (see `RetryPolicy`).
public struct JobRunner: Sendable {
    /// How long an async start call or a poll may take, by default.
    public static let defaultCallTimeout = Duration.seconds(60)

    /// The client the runner calls Coze with.
    public let client: CozeClient
    let clock: any MonotonicClock
    let wallClock: @Sendable () -> Date
    let events: any JobEventSink
    /// The limit on calls per minute all jobs share, if any.
    public let limiter: RateLimiter?
    let retryPolicy: RetryPolicy
    /// A number in 0..<1 for jitter; injected so tests are repeatable.
    let random: @Sendable () -> Double
    /// How long an async start call or a poll may take.
    let callTimeout: Duration
    /// How long a stream may stay silent (PINGs count) before it is given up.
    let streamIdleTimeout: Duration
    /// How long a stream may stay silent, by default.
    public static let defaultStreamIdleTimeout = Duration.seconds(120)
    /// The language of the messages in the results.
    let language: Language
    /// What Coze says about workflows' inputs, to check parameters before a run; `nil`: no check.
    public let workflowInfo: WorkflowInfoCache?
    /// Notes said once per runner (one agent run), such as fields Coze Studio ignores.
    let notesSaid = OnceNotes()

    public init(
        client: CozeClient, clock: any MonotonicClock, wallClock: @escaping @Sendable () -> Date, events: any JobEventSink,
        limiter: RateLimiter? = nil, retryPolicy: RetryPolicy = RetryPolicy(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        callTimeout: Duration = JobRunner.defaultCallTimeout, streamIdleTimeout: Duration = JobRunner.defaultStreamIdleTimeout,
        language: Language = .en, workflowInfo: WorkflowInfoCache? = nil
    ) {
        self.language = language
        self.workflowInfo = workflowInfo
        self.callTimeout = callTimeout
        self.streamIdleTimeout = streamIdleTimeout
        self.client = client
        self.clock = clock
        self.wallClock = wallClock
        self.events = events
        self.limiter = limiter
        self.retryPolicy = retryPolicy
        self.random = random
    }

    /// Runs `request` to its end; `file` names it in events; a stream's text goes to `streamText` as it arrives.
    public func run(_ request: WorkflowRequest, file: String, streamText: StreamTextSink? = nil) async -> JobResult {
        switch await run(request, file: file, journal: nil, streamText: streamText) {
        case .finished(let result), .dailyLimitReached(let result): return result
        case .tokenUnavailable(let message):
            var result = JobResult(status: .failed, mode: request.mode, startedAt: wallClock())
            result.error = JobFailure(kind: .noToken, message: message)
            return result
        case .suspended, .deferred, .awaiting: break
        }
        var result = JobResult(status: .failed, mode: request.mode, startedAt: wallClock())
        result.error = JobFailure(kind: .interrupted, message: language.pick(en: "The run was stopped before it ended.", zh: "运行在结束前被停止了。"))
        return result
    }

    /// Runs `request`, journaling each step that matters for recovery.
    /// - Parameters:
    ///   - startResponse: the start call's body when resuming a journaled async run.
    ///   - handsOffPolling: return `.awaiting` once an async run waits for its next poll, instead
    ///     of sleeping here; the caller polls it with `poll(_:)` when it is due.
    public func run(_ request: WorkflowRequest, file: String, journal: (any JobJournaling)?, startResponse: JSONValue? = nil,
                    handsOffPolling: Bool = false, streamText: StreamTextSink? = nil) async -> JobOutcome {
        let began = clock.now
        var job = Job(runner: self, request: request, file: file, journal: journal, began: began)
        job.streamText = streamText
        job.result.request = request.resume.map { resume in
            WorkflowAnswer(workflowID: request.invocation.workflowID, eventID: resume.eventID, interruptType: resume.interruptType,
                           resumeData: resume.answer).requestBody
        } ?? request.invocation.describedBody
        job.result.startResponse = startResponse
        job.result.continues = request.resume?.continues
        job.result.retryOf = request.retryOf
        if let invalid = await precheck(request) { return .finished(invalid) }
        if request.executeID == nil {
            events.record(.sending(file: file, workflowID: request.invocation.workflowID, mode: request.mode,
                                   parameters: JSONWriter(prettyPrinted: false).string(from: request.invocation.parameters)))
            noteFieldsStudioIgnores(request)
        }
        var outcome = await Self.countingResentCalls { () async -> JobOutcome in
            switch request.mode {
            case .sync: await job.runSync()
            case .async: await job.runAsync()
            case .stream: await job.runStream()
            case .chat: await job.runChat()
            }
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
        return await Self.countingResentCalls { await job.poll(run) }
    }

    /// Runs `body` with a counter of the calls the client sent again after renewing a refused
    /// token, and adds them to the outcome's `retries`.
    static func countingResentCalls(_ body: () async -> JobOutcome) async -> JobOutcome {
        let counter = CallObservation.Counter()
        let outcome = await CallObservation.$resentCalls.withValue(counter) { await body() }
        return outcome.addingRetries(counter.value)
    }

    /// Answers Coze takes for one run.
    public static let maximumResumes = 3

    func continuationHint(workflowID: String, executeID: String) -> String {
        let file = "{\"workflow_id\": \"\(workflowID)\", \"mode\": \"async\", \"execute_id\": \"\(executeID)\"}"
        return language.pick(en: "To keep waiting, drop a file with \(file).", zh: "如果要继续等待，请放入内容为 \(file) 的文件。")
    }

    var interruptedMessage: String {
        language.pick(
            en: "CozeDrop was stopped while waiting for Coze's answer, so it cannot tell whether the workflow ran. Check the workflow's run history in Coze (the debug link, if any, shows the run) before dropping the request again: dropping it again runs it again.",
            zh: "CozeDrop 在等待 Coze 回答时被停止，无法确定工作流是否运行过。再次放入请求前，请先在 Coze 中查看工作流的运行历史（如有调试链接，也可以打开查看）：再次放入会再运行一次。")
    }

}

/// One run in progress: the request, what has been learned so far, and the steps. Internal so that
/// modes can live in `JobRunner+Mode.swift` files.
struct Job {
    let runner: JobRunner
    let request: WorkflowRequest
    let file: String
    let journal: (any JobJournaling)?
    let began: Duration
    var result: JobResult
    var streamText: StreamTextSink?

    init(runner: JobRunner, request: WorkflowRequest, file: String, journal: (any JobJournaling)?, began: Duration) {
        self.runner = runner
        self.request = request
        self.file = file
        self.journal = journal
        self.began = began
        self.result = JobResult(status: .failed, mode: request.mode, startedAt: runner.wallClock())
    }

    /// The run ended: stamp when, and how long it took.
    func finished() -> JobOutcome { .finished(stamped()) }

    /// The result as it stands, stamped with its end and duration.
    func stamped() -> JobResult {
        var ended = result
        ended.finishedAt = runner.wallClock()
        ended.duration = runner.clock.now - began
        return ended
    }

    var workflowID: String { request.invocation.workflowID }

    mutating func runSync() async -> JobOutcome {
        let reply: APIReply
        let sent: SendOutcome<APIReply>
        if let answer {
            sent = await send { [runner, request] () async throws(CozeFailure) -> APIReply in
                try await runner.client.resume(answer, timeout: request.timeout)
            }
        } else {
            sent = await sendRun(timeout: request.timeout)
        }
        switch sent {
        case .answered(let answer): reply = answer
        case .ended(let outcome): return outcome
        }
        take(reply)
        result.output = reply.runOutput
        if let question = question(in: reply) {
            result.output = nil
            ask(JobResult.Question(question, resumesLeft: resumesLeft))
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
            let sent: SendOutcome<APIReply>
            if let answer {
                // An async run's answer goes to /v1/workflows/resume, which answers asynchronously.
                sent = await send { [runner] () async throws(CozeFailure) -> APIReply in
                    try await runner.client.resume(answer, timeout: runner.callTimeout)
                }
            } else {
                sent = await sendRun(timeout: runner.callTimeout)
            }
            switch sent {
            case .answered(let answer): reply = answer
            case .ended(let outcome):
                guard case .finished(var ended) = outcome else { return outcome }
                ended.startResponse = ended.response
                return .finished(ended)
            }
            result.startResponse = reply.recordedBody
            take(reply)
            if let question = question(in: reply) {
                ask(JobResult.Question(question, resumesLeft: resumesLeft))
                return finished()
            }
            guard let started = reply.runExecuteID else {
                result.error = JobFailure(kind: .http, message: runner.language.pick(
                    en: "Coze accepted the async run but its answer has no `execute_id`, so the run cannot be followed. Open the debug link if there is one.",
                    zh: "Coze 接受了异步运行，但回答中没有 `execute_id`，无法跟踪这次运行。如有调试链接，请打开查看。"), httpStatus: reply.httpStatus)
                return finished()
            }
            executeID = started
            await journal?.started(executeID: executeID, startResponse: result.startResponse)
            runner.events.record(.started(file: file, executeID: executeID))
        }
        result.executeID = executeID
        return awaiting(AwaitingRun(request: request, file: file, result: result, executeID: executeID, began: began), failedInARow: 0)
    }

    /// The question in a run or resume answer's `interrupt_data`, when it asks one.
    func question(in reply: APIReply) -> WorkflowQuestion? {
        reply.question
    }

    /// The answer this job sends, when it continues a run that asked a question.
    var answer: WorkflowAnswer? {
        request.resume.map { resume in
            WorkflowAnswer(workflowID: workflowID, eventID: resume.eventID, interruptType: resume.interruptType, resumeData: resume.answer)
        }
    }

    /// Answers Coze still accepts after this job's own.
    var resumesLeft: Int { request.resume.map { $0.resumesLeft - 1 } ?? JobRunner.maximumResumes }

    /// The run stopped at a question: it waits for an answer file, unless Coze takes no more answers.
    mutating func ask(_ question: JobResult.Question) {
        result.question = question
        guard question.resumesLeft > 0 else {
            result.error = JobFailure(kind: .workflowFailed, message: runner.language.pick(
                en: "The workflow asked another question (\"\(question.text)\"), but Coze accepts at most \(JobRunner.maximumResumes) answers per run and all were used, so this run cannot go on. Drop the original request again to start a new run.",
                zh: "工作流又提出了一个问题（\"\(question.text)\"），但 Coze 每次运行最多接受 \(JobRunner.maximumResumes) 次回答，已经用完，这次运行无法继续。请重新放入原始请求，开始新的运行。"))
            return
        }
        result.status = .needsInput
    }

    mutating func runStream() async -> JobOutcome {
        var transcript = StreamTranscript()
        let live = streamText
        let answer = answer
        let sent = await send { [runner, request] () async throws(CozeFailure) -> CozeClient.StreamEnd in
            transcript = StreamTranscript()
            let take: (ServerSentEvent) -> Void = { event in
                if let text = transcript.take(event) { live?(text) }
            }
            if let answer {
                return try await runner.client.streamResume(answer, idleTimeout: runner.streamIdleTimeout, onEvent: take)
            }
            return try await runner.client.streamRun(request.invocation, idleTimeout: runner.streamIdleTimeout, onEvent: take)
        }
        let end: CozeClient.StreamEnd
        switch sent {
        case .answered(let answer): end = answer
        case .ended(let outcome):
            guard case .finished(var ended) = outcome else { return outcome }
            if !transcript.events.isEmpty { ended.transcript = transcript }
            return .finished(ended)
        }
        result.transcript = transcript
        result.logid = end.logid ?? result.logid
        result.usage = transcript.usage ?? result.usage
        switch transcript.ending {
        case .done(let debugURL):
            result.debugURL = debugURL
            result.executeID = DebugLink.executeID(in: debugURL)
            result.output = transcript.output
            result.status = .success
        case .error(let code, let message):
            result.error = JobFailure(kind: .workflowFailed, message: runner.language.pick(
                en: "The workflow ran and failed (error code \(code.map(String.init) ?? "none")): \"\(message)\". Look at the events in this record to see how far it got; the run history in Coze shows which node failed.",
                zh: "工作流运行了，但失败了（错误码 \(code.map(String.init) ?? "无")）：\"\(message)\"。查看这条记录中的事件可以知道运行到了哪里；Coze 中的运行历史会显示哪个节点失败。"), code: code)
        case .interrupt(let interrupt):
            ask(JobResult.Question(interrupt.question, fallbackText: transcript.question, resumesLeft: resumesLeft))
        default:
            let how = end.endedInsideEvent ? "broke off in the middle of an event" : "ended without a Done, Error or Interrupt event"
            let howZH = end.endedInsideEvent ? "在一个事件中间断开" : "在没有 Done、Error 或 Interrupt 事件的情况下结束"
            result.error = JobFailure(kind: .network, message: runner.language.pick(
                en: "The stream \(how), so the run's end is unknown. The workflow may have run; check its run history in Coze before dropping the request again (the events received are in this record).",
                zh: "事件流\(howZH)，无法得知运行的结果。工作流可能已经运行；再次放入请求前，请先在 Coze 中查看运行历史（已收到的事件保存在这条记录中）。"))
        }
        return finished()
    }

    /// The run waits for its next poll; ±10 % spreads the polls of many jobs started together.
    private func awaiting(_ run: AwaitingRun, failedInARow: Int) -> JobOutcome {
        var next = run
        next.result = result
        next.failedInARow = failedInARow
        let elapsed = runner.clock.now - began
        guard request.poll.allowsAnotherPoll(after: next.attempt, elapsed: elapsed) else {
            let executeID = run.executeID
            var ended = self
            let hint = runner.continuationHint(workflowID: workflowID, executeID: executeID)
            let hours = String(format: "%.1f", elapsed.inSeconds / 3600)
            let (en, zh) = request.poll.maxAttempts.map { $0 <= next.attempt } == true
                ? ("after \(next.attempt) polls", "轮询 \(next.attempt) 次后")
                : ("after \(hours) hours of polling (Coze gives an async run at most 24 hours)", "轮询 \(hours) 小时后（Coze 的异步运行最长 24 小时）")
            ended.result.error = JobFailure(kind: .timeout, message: runner.language.pick(
                en: "The async run is still running \(en); execute_id \(executeID). \(hint)",
                zh: "\(zh)异步运行仍在进行；execute_id \(executeID)。\(hint)"))
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
            // Coze keys a question on `interrupt_data`, whatever `execute_status` says.
            if let question = item.question {
                ask(JobResult.Question(question, resumesLeft: resumesLeft))
                return finished()
            }
            if let ended = studioEnding(item) { return ended }
            switch item.status {
            case .success:
                result.output = item.output
                if item.isOutputTrimmed { await completeTrimmedOutput(item, executeID: executeID) }
                result.status = .success
                return finished()
            case .fail:
                let detail = item.errorMessage.isEmpty ? runner.language.pick(en: "no message was given", zh: "没有说明") : "\"\(item.errorMessage)\""
                let code = item.errorCode.isEmpty ? runner.language.pick(en: "none", zh: "无") : item.errorCode
                result.error = JobFailure(kind: .workflowFailed, message: runner.language.pick(
                    en: "The workflow ran and failed (error code \(code)): \(detail). Open the debug link to see which node failed.",
                    zh: "工作流运行了，但失败了（错误码 \(code)）：\(detail)。打开调试链接查看哪个节点失败。"), code: Int(item.errorCode))
                return finished()
            case .running, .other, .cancelled, .interrupted:
                return awaiting(next, failedInARow: 0)
            }
        } catch {
            if Task.isCancelled { return .suspended }
            result.response = error.reply?.recordedBody ?? result.response
            if error.kind == .noToken {
                // The run goes on at Coze; ask again once a token can be had.
                runner.events.record(.pollProblem(file: file, attempt: run.attempt + 1, message: error.message))
                guard case .awaiting(var later) = awaiting(run, failedInARow: run.failedInARow) else { return awaiting(run, failedInARow: run.failedInARow) }
                later.wait = max(later.wait, RetryPolicy.noTokenRetry)
                return .awaiting(later)
            }
            if error.code == RetryPolicy.dailyLimitCode {
                // The day's quota is used up: the run itself goes on; ask again in an hour.
                result.retries += 1
                runner.events.record(.pollProblem(file: file, attempt: run.attempt + 1, message: error.message))
                guard case .awaiting(var later) = awaiting(run, failedInARow: run.failedInARow) else { return awaiting(run, failedInARow: run.failedInARow) }
                later.wait = RetryPolicy.dailyLimitRetry
                return .awaiting(later)
            }
            let failedInARow = run.failedInARow + 1
            if RetryPolicy.isThrottling(error) { runner.limiter?.pause(for: runner.retryPolicy.delay(beforeRetry: failedInARow, random: runner.random())) }
            guard runner.retryPolicy.mayRetry(error, call: .poll, retry: failedInARow) else {
                fail(error)
                let hint = runner.language.pick(en: " The run itself may still be going: execute_id \(executeID). ", zh: "运行本身可能仍在进行：execute_id \(executeID)。")
                    + runner.continuationHint(workflowID: workflowID, executeID: executeID)
                result.error?.message += hint
                return finished()
            }
            result.retries += 1
            runner.events.record(.pollProblem(file: file, attempt: run.attempt + 1, message: error.message))
            return awaiting(run, failedInARow: failedInARow)
        }
    }

    enum SendOutcome<Answer> {
        case answered(Answer)
        case ended(JobOutcome)
    }

    /// The run call (sync run or async start), journaled first, retried only where safe.
    mutating func sendRun(timeout: Duration) async -> SendOutcome<APIReply> {
        await send { [runner, request] () async throws(CozeFailure) -> APIReply in
            try await runner.client.run(request.invocation, timeout: timeout)
        }
    }

    /// A call that may start a run: journaled first, retried only where safe.
    mutating func send<Answer>(_ call: () async throws(CozeFailure) -> Answer) async -> SendOutcome<Answer> {
        var retry = 0
        while true {
            do {
                try await runner.limiter?.acquire()
            } catch {
                return .ended(.deferred("the agent is stopping"))
            }
            do {
                // A token first: the journal must not say "sending" for a call that cannot be sent.
                _ = try await runner.client.credentials.token()
            } catch {
                return .ended(.tokenUnavailable(runner.language.pick(en: error.message, zh: error.chinese)))
            }
            do {
                try await journal?.willSend()
            } catch {
                return .ended(.deferred("cannot write the job's journal (\(error)); nothing was sent"))
            }
            do {
                return .answered(try await call())
            } catch {
                if Task.isCancelled {
                    result.error = JobFailure(kind: .interrupted, message: runner.interruptedMessage)
                    return .ended(finished())
                }
                if error.kind == .noToken {
                    // Nothing was sent: the job waits for a token (the agent holds new claims meanwhile).
                    return .ended(.tokenUnavailable(error.message(in: runner.language)))
                }
                if error.code == RetryPolicy.dailyLimitCode {
                    // Nothing ran (Coze refused the call): the job waits for the quota, not in failed/.
                    fail(error)
                    return .ended(.dailyLimitReached(stamped()))
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

    mutating func take(_ reply: APIReply) {
        result.response = reply.recordedBody
        result.executeID = reply.runExecuteID ?? result.executeID
        result.debugURL = reply.debugURL ?? result.debugURL
        result.logid = reply.logid ?? result.logid
        result.usage = reply.usage ?? result.usage
    }

    mutating func fail(_ failure: CozeFailure) {
        if let reply = failure.reply { take(reply) }
        result.error = JobFailure(failure, language: runner.language)
    }
}

extension Job {
    /// Coze cut an Output node's content (over 1 MB): fetch each such node's whole output by its
    /// `node_execute_uuid` and put it into `output`; when that cannot be done, say why.
    mutating func completeTrimmedOutput(_ item: RunHistoryItem, executeID: String) async {
        let l = runner.language
        var trimmed = JobResult.TrimmedOutput()
        var members = result.output?.objectMembers ?? []
        // Output nodes sit beside the End node's `Output` under their titles; only they can be fetched.
        let nodes = item.nodeExecutions.filter { node in
            node.nodeExecuteUUID != nil && node.title != "Output" && members.contains { $0.key == node.title }
        }
        var problems: [String] = []
        if nodes.isEmpty {
            problems.append(l.pick(en: "Coze named no Output node to fetch it from (`node_execute_status`)",
                                   zh: "Coze 没有给出可以获取完整输出的输出节点（`node_execute_status`）"))
        }
        for node in nodes {
            do {
                try await runner.limiter?.acquire()
                let full = try await runner.client.nodeOutput(workflowID: workflowID, executeID: executeID,
                                                              nodeExecuteUUID: node.nodeExecuteUUID ?? "", timeout: runner.callTimeout)
                if let index = members.firstIndex(where: { $0.key == node.title }) { members[index].value = full.output }
                trimmed.completed.append(node.title)
            } catch let failure as CozeFailure {
                // Coze's general advice for a code (4200: "no published workflow…") does not fit a node's output.
                let said = failure.reply?.message ?? ""
                let en = failure.kind == .api ? "Coze answered code \(failure.code ?? 0)\(said.isEmpty ? "" : " (\(said))")" : failure.message
                let zh = failure.kind == .api ? "Coze 返回错误码 \(failure.code ?? 0)\(said.isEmpty ? "" : "（\(said)）")" : failure.message(in: .zh)
                problems.append(l.pick(en: "\"\(node.title)\": \(Self.withoutFinalStop(en))", zh: "“\(node.title)”：\(Self.withoutFinalStop(zh))"))
            } catch {
                problems.append(l.pick(en: "\"\(node.title)\": the agent is stopping", zh: "“\(node.title)”：代理正在停止"))
            }
        }
        if !members.isEmpty { result.output = .object(members) }
        if !problems.isEmpty {
            trimmed.problem = l.pick(
                en: "Coze cut the output (over 1 MB), so the output in this record is incomplete: " + problems.joined(separator: "; ") + ". Open the debug link to see the whole output.",
                zh: "Coze 截断了输出（超过 1 MB），这条记录中的输出不完整：" + problems.joined(separator: "；") + "。请打开调试链接查看完整输出。")
        }
        result.trimmedOutput = trimmed
    }

    /// A message to go inside a sentence: without its final full stop.
    static func withoutFinalStop(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        while let last = text.last, last == "." || last == "。" { text.removeLast() }
        return text
    }
}
