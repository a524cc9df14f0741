import CozeAPI
import Foundation
import OrderedJSON

/// Runs one validated request against Coze in its mode and reports how it ended. It never
/// throws: every outcome, good or bad, becomes a `JobResult` for the record.
public struct JobRunner: Sendable {
    /// How long an async start call or a poll may take.
    public static let shortCallTimeout = Duration.seconds(60)
    /// Business codes that mean "slow down or try later": a poll that gets one keeps polling.
    static let transientCodes: Set<Int> = [4008, 4009, 4013, 4020, 5000]

    let client: CozeClient
    let clock: any MonotonicClock
    let wallClock: @Sendable () -> Date
    let events: any EventSink

    public init(client: CozeClient, clock: any MonotonicClock, wallClock: @escaping @Sendable () -> Date, events: any EventSink) {
        self.client = client
        self.clock = clock
        self.wallClock = wallClock
        self.events = events
    }

    /// Runs `request`; `file` names it in events.
    public func run(_ request: WorkflowRequest, file: String) async -> JobResult {
        let began = clock.now
        var result = JobResult(status: .failed, mode: request.mode, startedAt: wallClock())
        result.request = request.invocation.describedBody
        events.record(.sending(file: file, workflowID: request.invocation.workflowID, mode: request.mode,
                               parameters: JSONWriter(prettyPrinted: false).string(from: request.invocation.parameters)))
        switch request.mode {
        case .sync: await runSync(request, into: &result)
        case .async: await runAsync(request, file: file, into: &result)
        case .stream:
            result.error = JobFailure(kind: .invalidRequest, message: "\"mode\": \"stream\" is not supported yet by this version of CozeDrop; use \"sync\" or \"async\".")
        }
        result.finishedAt = wallClock()
        result.duration = clock.now - began
        return result
    }

    private func runSync(_ request: WorkflowRequest, into result: inout JobResult) async {
        do {
            let reply = try await client.run(request.invocation, timeout: request.timeout)
            take(reply, into: &result)
            result.output = reply.json?["data"].map(\.decodingEmbeddedJSON)
            if let question = reply.interruptData {
                let text = question["data"]?.stringValue ?? ""
                result.error = JobFailure(kind: .workflowFailed, message: "The workflow stopped to ask a question (\"\(text)\"). Answering questions is not supported yet by this version of CozeDrop; remove the Question node or run the workflow in Coze.")
                return
            }
            result.status = .success
        } catch {
            fail(error, into: &result)
        }
    }

    private func runAsync(_ request: WorkflowRequest, file: String, into result: inout JobResult) async {
        let workflowID = request.invocation.workflowID
        let executeID: String
        if let known = request.executeID {
            executeID = known
        } else {
            do {
                let reply = try await client.run(request.invocation, timeout: Self.shortCallTimeout)
                result.startResponse = reply.recordedBody
                take(reply, into: &result)
                guard let started = reply.executeID ?? Self.executeID(inDebugURL: reply.debugURL) else {
                    result.response = reply.recordedBody
                    result.error = JobFailure(kind: .http, message: "Coze accepted the async run but its answer has no `execute_id`, so the run cannot be followed. Open the debug link if there is one.", httpStatus: reply.httpStatus)
                    return
                }
                executeID = started
            } catch {
                fail(error, into: &result)
                result.startResponse = result.response
                return
            }
        }
        result.executeID = executeID
        events.record(.started(file: file, executeID: executeID))

        let limit = request.poll.maxAttempts
        for attempt in 0..<limit {
            do {
                try await clock.sleep(for: request.poll.delay(beforeAttempt: attempt))
            } catch {
                result.error = JobFailure(kind: .interrupted, message: "The agent stopped while waiting for the async run \(executeID). \(Self.continuationHint(workflowID: workflowID, executeID: executeID))")
                return
            }
            result.polls = attempt + 1
            do {
                let (item, reply) = try await client.runHistory(workflowID: workflowID, executeID: executeID, timeout: Self.shortCallTimeout)
                events.record(.polled(file: file, attempt: attempt + 1, limit: limit, status: item.status.name))
                result.response = reply.recordedBody
                result.logid = item.logid ?? reply.logid ?? result.logid
                result.debugURL = item.debugURL ?? result.debugURL
                result.usage = item.usage ?? result.usage
                switch item.status {
                case .success:
                    result.output = item.output
                    result.status = .success
                    return
                case .fail:
                    let code = Int(item.errorCode)
                    let detail = item.errorMessage.isEmpty ? "no message was given" : "\"\(item.errorMessage)\""
                    result.error = JobFailure(kind: .workflowFailed, message: "The workflow ran and failed (error code \(item.errorCode.isEmpty ? "none" : item.errorCode)): \(detail). Open the debug link to see which node failed.", code: code)
                    return
                case .running, .other:
                    continue
                }
            } catch {
                result.response = error.reply?.recordedBody ?? result.response
                if error.kind == .api, let code = error.code, !Self.transientCodes.contains(code) {
                    fail(error, into: &result)
                    return
                }
                events.record(.pollProblem(file: file, attempt: attempt + 1, message: error.message))
            }
        }
        result.error = JobFailure(kind: .timeout, message: "The async run is still running after \(limit) polls; execute_id \(executeID). \(Self.continuationHint(workflowID: workflowID, executeID: executeID))")
    }

    private func take(_ reply: APIReply, into result: inout JobResult) {
        result.response = reply.recordedBody
        result.executeID = reply.executeID ?? Self.executeID(inDebugURL: reply.debugURL) ?? result.executeID
        result.debugURL = reply.debugURL ?? result.debugURL
        result.logid = reply.logid ?? result.logid
        result.usage = reply.usage ?? result.usage
    }

    private func fail(_ failure: CozeFailure, into result: inout JobResult) {
        if let reply = failure.reply { take(reply, into: &result) }
        result.error = JobFailure(failure)
    }

    static func continuationHint(workflowID: String, executeID: String) -> String {
        "To keep waiting, drop a file with {\"workflow_id\": \"\(workflowID)\", \"mode\": \"async\", \"execute_id\": \"\(executeID)\"}."
    }

    /// A debug link carries the run's id as its `execute_id` query item.
    static func executeID(inDebugURL text: String?) -> String? {
        guard let text, let components = URLComponents(string: text) else { return nil }
        return components.queryItems?.first(where: { $0.name == "execute_id" })?.value.flatMap { $0.isEmpty ? nil : $0 }
    }
}
