import CozeAPI

/// What Coze says about each workflow's inputs, asked once and kept a few minutes, so the agent
/// can check a request's parameters before paying for a run. Jobs of the same workflow that start
/// together share one request. A workflow whose info cannot be had is remembered too (a token
/// without `getMetaData` permission would otherwise be asked again for every job).
public actor WorkflowInfoCache {
    /// What is known about one workflow.
    public enum Lookup: Sendable, Equatable {
        case info(WorkflowInfo)
        /// The info cannot be had; `reason` says why, in a few words.
        case unavailable(reason: String)
    }

    /// How long an answer is kept, by default.
    public static let defaultLifetime = Duration.seconds(300)

    private let client: CozeClient
    private let clock: any MonotonicClock
    private let lifetime: Duration
    private let timeout: Duration
    /// Answers and until when they are kept.
    private var entries: [String: (lookup: Lookup, until: Duration)] = [:]
    private var inFlight: [String: Task<Fetched, Never>] = [:]
    private var noticed: Set<String> = []

    public init(client: CozeClient, clock: any MonotonicClock, lifetime: Duration = WorkflowInfoCache.defaultLifetime, timeout: Duration = .seconds(15)) {
        self.client = client
        self.clock = clock
        self.lifetime = lifetime
        self.timeout = timeout
    }

    /// The workflow's info: kept, being asked for by another job, or asked for now. A waiting job
    /// that is cancelled stops waiting; an answer cut short that way is not kept.
    public func lookup(_ workflowID: String) async -> Lookup {
        if let entry = entries[workflowID], clock.now < entry.until { return entry.lookup }
        let task: Task<Fetched, Never>
        if let running = inFlight[workflowID] {
            task = running
        } else {
            task = Task { [client, timeout] in await Self.fetch(workflowID, client: client, timeout: timeout) }
            inFlight[workflowID] = task
        }
        let fetched = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        if inFlight[workflowID] == task {
            inFlight[workflowID] = nil
            if let keep = fetched.keep { entries[workflowID] = (fetched.lookup, clock.now + (keep == .zero ? lifetime : keep)) }
        }
        return fetched.lookup
    }

    /// An answer, and how long to keep it (`nil`: not at all).
    struct Fetched: Sendable {
        var lookup: Lookup
        var keep: Duration?
    }

    /// How long a passing problem (the network, a timeout, a server error) keeps the check off.
    static let passingProblemLifetime = Duration.seconds(30)

    private static func fetch(_ workflowID: String, client: CozeClient, timeout: Duration) async -> Fetched {
        do {
            return Fetched(lookup: .info(try await client.workflowInfo(workflowID: workflowID, timeout: timeout)), keep: .zero)
        } catch {
            if Task.isCancelled { return Fetched(lookup: .unavailable(reason: "the check was cancelled"), keep: nil) }
            // A refusal (no permission, not found) stands; a passing problem is asked about again soon.
            return Fetched(lookup: .unavailable(reason: reason(error)), keep: error.kind == .api ? .zero : passingProblemLifetime)
        }
    }

    /// True the first time it is asked about `key` (a workflow id), so a notice is given once.
    public func isFirstNotice(about key: String) -> Bool {
        noticed.insert(key).inserted
    }

    /// Why the info cannot be had, in a few words for a console line.
    static func reason(_ failure: CozeFailure) -> String {
        let server = failure.reply?.message ?? ""
        switch failure.kind {
        case .api:
            let code = failure.code ?? 0
            let said = server.isEmpty ? "" : " (\"\(server)\")"
            let meaning = switch code {
            case 4101: ": the token lacks the getMetaData permission (add it to the token to have parameters checked)"
            case 4100: ": the token was not accepted"
            case 4200: ": the workflow was not found (not published, or a wrong id)"
            default: ""
            }
            return "Coze answered code \(code)\(said)\(meaning)"
        case .http:
            if let status = failure.httpStatus, !(200..<300).contains(status) { return "Coze answered HTTP \(status)" }
            return "Coze's answer could not be read"
        case .timeout:
            return "no answer from Coze in time"
        case .noToken:
            return "no valid token"
        case .network, .workflowFailed:
            return failure.message
        }
    }
}
