import CozeAPI
import Foundation
import OrderedJSON

/// The agent: scans `inbox/` on a timer, claims files that have settled by an atomic rename into
/// `processing/`, runs them at most `concurrency` at a time (oldest first), and settles each into
/// `outbox/` or `failed/` with its result record.
public final class DropAgent: Sendable {
    enum Wake: Sendable {
        /// Scan now; the continuation, when there is one, is resumed once the scan's claims are made.
        case tick(CheckedContinuation<Void, Never>?)
        case jobFinished
        case stop
    }

    /// A claimed request waiting to run.
    struct ClaimedJob: Sendable {
        /// The name it was dropped under; results are named after it.
        var name: String
        var path: String
    }

    /// A settled file seen in the inbox.
    private struct ReadyFile {
        var name: String
        var modified: (Int, Int)
    }

    public let configuration: AgentConfiguration
    private let runner: JobRunner
    private let fileSystem: any FileSystem
    private let clock: any MonotonicClock
    private let wallClock: @Sendable () -> Date
    private let events: any EventSink
    private let wakes: AsyncStream<Wake>
    private let wake: AsyncStream<Wake>.Continuation

    public init(
        configuration: AgentConfiguration, client: CozeClient, fileSystem: any FileSystem = LocalFileSystem(),
        clock: any MonotonicClock = SystemMonotonicClock(), wallClock: @escaping @Sendable () -> Date = Date.init,
        events: any EventSink
    ) {
        self.configuration = configuration
        self.fileSystem = fileSystem
        self.clock = clock
        self.wallClock = wallClock
        self.events = events
        self.runner = JobRunner(client: client, clock: clock, wallClock: wallClock, events: events)
        (wakes, wake) = AsyncStream.makeStream(of: Wake.self)
    }

    /// Asks for a scan now (the timer does this every `interval`).
    public func tick() { wake.yield(.tick(nil)) }

    /// Scans now and returns once the files found ready have been claimed and started.
    public func scanNow() async {
        await withCheckedContinuation { continuation in
            if case .terminated = wake.yield(.tick(continuation)) { continuation.resume() }
        }
    }

    /// Stops claiming; `run()` returns once the running jobs have finished.
    public func stop() { wake.yield(.stop) }

    /// Runs until `stop()`, or with `once` until everything present at start has been handled.
    public func run() async {
        let layout = configuration.layout
        for folder in [layout.processing, layout.outbox, layout.failed] {
            do { try fileSystem.createDirectory(folder) } catch {
                events.record(.problem("cannot create \(folder): \(error.reason)"))
            }
        }
        events.record(.agentStarted(root: layout.root, baseURL: configuration.baseURLDescription,
                                    simulated: configuration.simulated, settings: configuration.summary))
        var state = LoopState(settle: configuration.settle)
        state.queue = recoverProcessing()
        let timer = RepeatingTimer(interval: configuration.interval) { [wake] in wake.yield(.tick(nil)) }
        defer { timer.cancel() }
        tick()

        await withDiscardingTaskGroup { group in
            for await event in wakes {
                var scanned: CheckedContinuation<Void, Never>?
                defer { scanned?.resume() }
                switch event {
                case .stop:
                    if !state.stopping {
                        state.stopping = true
                        events.record(.stopping(runningJobs: state.running))
                    }
                case .jobFinished:
                    state.running -= 1
                case .tick(let continuation):
                    scanned = continuation
                    if !state.stopping { scan(into: &state) }
                }
                if state.stopping {
                    if state.running == 0 { break }
                    continue
                }
                while state.running < configuration.concurrency, let job = nextJob(&state) {
                    state.running += 1
                    group.addTask { [self] in
                        await process(job)
                        wake.yield(.jobFinished)
                    }
                }
                if configuration.once, state.scanned, state.pendingOnce.isEmpty, state.queue.isEmpty, state.running == 0 { break }
            }
        }
        // Nobody reads the stream any more: release whoever waits on a scan.
        wake.finish()
        for await case .tick(let continuation?) in wakes { continuation.resume() }
        events.record(.stopped)
    }

    private struct LoopState {
        var tracker: SettleTracker
        var queue: [ClaimedJob] = []
        var ready: [ReadyFile] = []
        var running = 0
        var stopping = false
        var scanned = false
        /// With `once`: the names present at the first scan that are not handled yet.
        var pendingOnce: Set<String> = []
        var inboxMissing = false

        init(settle: Duration) { tracker = SettleTracker(window: settle) }
    }

    /// Files left in `processing/` by an earlier run: they are run again.
    private func recoverProcessing() -> [ClaimedJob] {
        let folder = configuration.layout.processing
        guard let names = try? fileSystem.namesInDirectory(folder) else { return [] }
        return names.filter(InboxNamePolicy.isCandidate).sorted().compactMap { name in
            let path = "\(folder)/\(name)"
            guard (try? fileSystem.attributes(of: path))??.kind == .regular else { return nil }
            return ClaimedJob(name: name, path: path)
        }
    }

    private func scan(into state: inout LoopState) {
        let inbox = configuration.layout.inbox
        let names: [String]
        do {
            names = try fileSystem.namesInDirectory(inbox)
            if state.inboxMissing {
                state.inboxMissing = false
                events.record(.problem("\(inbox) is readable again; picking up files"))
            }
        } catch {
            if !state.inboxMissing {
                state.inboxMissing = true
                events.record(.problem("cannot read \(inbox) (\(error.reason)); waiting for it to come back"))
            }
            state.ready = []
            if !state.scanned { state.scanned = true }
            return
        }
        let now = clock.now
        var present: Set<String> = []
        var ready: [ReadyFile] = []
        for name in names where InboxNamePolicy.isCandidate(name) {
            guard let attributes = try? fileSystem.attributes(of: "\(inbox)/\(name)"), attributes.kind == .regular else { continue }
            present.insert(name)
            if state.tracker.observe(name, SettleTracker.FileSignature(attributes), at: now) {
                ready.append(ReadyFile(name: name, modified: (attributes.modificationSeconds, attributes.modificationNanoseconds)))
            }
        }
        state.tracker.keepOnly(present)
        if configuration.once {
            if state.scanned { state.pendingOnce.formIntersection(present) } else { state.pendingOnce = present }
            ready.removeAll { !state.pendingOnce.contains($0.name) }
        }
        state.scanned = true
        state.ready = ready.sorted { ($0.modified.0, $0.modified.1, $0.name) < ($1.modified.0, $1.modified.1, $1.name) }
    }

    /// The next job to start: a recovered one first, then the oldest settled inbox file it can claim.
    private func nextJob(_ state: inout LoopState) -> ClaimedJob? {
        if !state.queue.isEmpty { return state.queue.removeFirst() }
        while !state.ready.isEmpty {
            let file = state.ready.removeFirst()
            state.tracker.forget(file.name)
            state.pendingOnce.remove(file.name)
            if let job = claim(file.name) { return job }
        }
        return nil
    }

    /// Claims by an atomic rename; a file that is gone was taken by another agent (or its owner).
    private func claim(_ name: String) -> ClaimedJob? {
        let layout = configuration.layout
        let source = "\(layout.inbox)/\(name)"
        var target = "\(layout.processing)/\(name)"
        for attempt in 0..<100 {
            if attempt > 0 {
                target = "\(layout.processing)/\(InboxNamePolicy.stem(name)).\(attempt)\(InboxNamePolicy.fileExtension(name))"
            }
            do {
                try fileSystem.moveWithoutReplacing(from: source, to: target)
                return ClaimedJob(name: name, path: target)
            } catch {
                switch error.code {
                case .notFound: return nil
                case .exists: continue
                default:
                    events.record(.problem("cannot claim \(name) (\(error.reason)); it stays in the inbox and will be tried again"))
                    return nil
                }
            }
        }
        return nil
    }

    private func process(_ job: ClaimedJob) async {
        let layout = configuration.layout
        events.record(.pickedUp(file: job.name))
        let result: JobResult
        do {
            let bytes = try fileSystem.readFile(job.path, limit: configuration.maximumRequestBytes)
            let request = try RequestFileParser.parse(bytes)
            result = await runner.run(request, file: job.name)
        } catch let problem as RequestProblem {
            result = .invalid(problem.description, at: wallClock())
        } catch let error as FileSystemError {
            result = .invalid(Self.readProblem(error, limit: configuration.maximumRequestBytes), at: wallClock())
        } catch {
            result = .invalid("The file could not be read: \(error).", at: wallClock())
        }
        let record = ResultRecord.json(for: result, sourceFile: job.name, simulated: configuration.simulated)
        let folder = result.status == .success ? layout.outbox : layout.failed
        let permissions = ((try? fileSystem.attributes(of: job.path))??.permissions ?? 0o644) & 0o666
        do {
            let placement = try ResultSettler(fileSystem: fileSystem, wallClock: wallClock)
                .settle(requestPath: job.path, name: job.name, record: JSONWriter().bytes(from: record), in: folder, permissions: permissions)
            if let error = result.error {
                events.record(.failed(file: job.name, kind: error.kind, message: error.message, record: layout.display(placement.record)))
            } else {
                events.record(.finished(file: job.name, record: layout.display(placement.record)))
            }
        } catch {
            events.record(.problem("cannot write the result of \(job.name) to \(folder) (\(error.reason)); the request stays in \(layout.display(job.path))"))
        }
    }

    static func readProblem(_ error: FileSystemError, limit: Int) -> String {
        switch error.code {
        case .tooLarge: "The file is too large (\(error.reason)); a request file may be at most \(limit / 1024 / 1024) MB. Upload big inputs as files instead."
        case .notRegularFile: "This is not a regular file (a folder, link or device), so it was not read."
        default: "The file could not be read (\(error.reason)). Check its permissions."
        }
    }
}
