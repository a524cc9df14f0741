import CozeAPI
import Foundation
import OrderedJSON
import Synchronization
import WorkflowJobs

/// The one owner of this agent's folder in `processing/`: claims files into it, keeps each job's
/// journal (through phases that refuse illegal moves), brings and uploads input files, holds
/// results until they are written, files jobs into `outbox/` or `failed/`, renews the lease, and
/// recovers what an earlier run or a dead agent left. Nothing else writes there.
final class JobStore: Sendable {
    /// A job to run or to finish, with what recovery decided about it.
    struct Ticket: Sendable, Equatable {
        var files: JobFiles
        var entry: JournalEntry
        var action: RecoveryPlan.Action
        /// How the request looked when the scan found it settled (`nil` for recovered jobs).
        var seen: SettleTracker.FileSignature? = nil
        var key: String { files.request }
    }

    /// What became of a finished job's result.
    enum Filing: Sendable, Equatable {
        /// Filed into `outbox/` or `failed/` (or nothing was left to file).
        case filed
        /// Could not be written or moved yet: it stays in the store and is filed as soon as possible.
        case kept
    }

    let configuration: AgentConfiguration
    let fileSystem: any FileSystem
    let clock: any MonotonicClock
    let wallClock: @Sendable () -> Date
    let events: any EventSink
    let problems: ProblemReporter
    let settler: ResultSettler
    /// Writes the `sending` phase of jobs about to call Coze together (group commit).
    let journalBatcher: JournalBatcher
    let isProcessAlive: @Sendable (Int32) -> Bool
    /// Called for each job filed, with its failure (for the day's counts).
    let onFiled: @Sendable (_ name: String, _ failure: JobFailure?) -> Void
    /// Tells chat groups about filed jobs (failed, needs input, succeeded); `nil`: nobody.
    let notifier: AgentNotifier?
    /// Where each finished job's line goes; `nil`: no ledger (unit tests of other parts).
    let ledger: AgentLedger?
    /// The batches (tables in workflow folders) being run: progress, and which are being finished.
    let batches = BatchRegistry()

    struct State {
        /// Inbox names whose claim is journaled ahead (in a batch file of the scan that found them
        /// ready), with the job id each will be claimed under.
        var planned: [String: String] = [:]
        var jobCounter = 0
        /// Results that could not even be written to `processing/`, kept until they can.
        var pendingResults: [String: JobResult] = [:]
        /// The permission bits of each loaded request, so its record gets them without another look.
        var requestPermissions: [String: UInt16] = [:]
        var judge: LeaseJudge
        var beat = 0
        var lastBeat: Duration?
    }

    let state: Mutex<State>
    /// Random per process: two agents claiming in the same second never make the same job id.
    let jobTag = String(UInt64.random(in: 0..<(1 << 40)), radix: 36)

    init(configuration: AgentConfiguration, fileSystem: any FileSystem, clock: any MonotonicClock, wallClock: @escaping @Sendable () -> Date,
         events: any EventSink, problems: ProblemReporter, isProcessAlive: @escaping @Sendable (Int32) -> Bool,
         notifier: AgentNotifier? = nil, ledger: AgentLedger? = nil, onFiled: @escaping @Sendable (String, JobFailure?) -> Void) {
        self.configuration = configuration
        self.fileSystem = fileSystem
        self.clock = clock
        self.wallClock = wallClock
        self.events = events
        self.problems = problems
        self.isProcessAlive = isProcessAlive
        self.onFiled = onFiled
        self.notifier = notifier
        self.ledger = ledger
        self.settler = ResultSettler(fileSystem: fileSystem, wallClock: wallClock)
        self.journalBatcher = JournalBatcher(fileSystem: fileSystem, stamp: { BeijingTime.compact(wallClock()) })
        self.state = Mutex(State(judge: LeaseJudge(duration: configuration.lease, host: configuration.identity.host, isProcessAlive: isProcessAlive)))
    }

    var layout: FolderLayout { configuration.layout }
    /// This agent's own folder in `processing/`.
    var ownFolder: String { "\(layout.processing)/\(configuration.identity.id)" }

    /// A new job id, unique to this agent and, by its tag, among agents: the ledger knows a job by
    /// it, whichever agent finishes it after a crash.
    func nextJobID(stamp: String) -> String {
        let number = state.withLock { state -> Int in
            state.jobCounter += 1
            return state.jobCounter
        }
        return "j\(stamp)-\(number)-\(jobTag)"
    }

    /// The journal a running job writes its phases to.
    func journal(for ticket: Ticket) -> JobJournal {
        JobJournal(fileSystem: fileSystem, files: ticket.files, entry: ticket.entry, batcher: journalBatcher)
    }

    /// The journal of a batch row: its own file, flushed on its own (a row's recovery reads only that file).
    func rowJournal(files: JobFiles, entry: JournalEntry) -> JobJournal {
        JobJournal(fileSystem: fileSystem, files: files, entry: entry)
    }

    /// Where a streamed run's or a chat's text goes as it arrives; `nil` for other modes.
    func streamText(of files: JobFiles, mode: RunMode) -> StreamTextFile? {
        [.stream, .chat].contains(mode) ? StreamTextFile(path: files.streamText, fileSystem: fileSystem) : nil
    }

    /// A result kept because it could not be written, if the job has one.
    func pendingResult(of files: JobFiles) -> JobResult? {
        state.withLock { $0.pendingResults[files.request] }
    }

    /// Makes the folders the store files into.
    func prepareFolders() {
        for folder in [layout.processing, layout.outbox, layout.failed, ownFolder] {
            do { try fileSystem.createDirectory(folder) } catch {
                events.record(.problem("cannot create \(folder): \(error.reason)"))
            }
        }
    }
}
