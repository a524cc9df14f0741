import CozeAPI
import Foundation
import WorkflowJobs

extension DropAgent {
    /// Carries out one ticket: runs, resumes, reports as interrupted, or finishes settling. Disk work
    /// happens on the disk queue, the waiting for Coze on the cooperative pool.
    func perform(_ ticket: Ticket) async -> JobEnd {
        switch ticket.action {
        case .run, .resumePolling: return await execute(ticket)
        default: return JobEnd(await store.finish(ticket))
        }
    }

    private func file(_ result: JobResult, files: JobFiles, entry: JournalEntry) async -> JobEnd {
        JobEnd(await store.settle(result, files: files, entry: entry))
    }

    private func execute(_ ticket: Ticket) async -> JobEnd {
        if ticket.entry.folder != nil, DroppedName.kind(of: ticket.entry.name) == .table { return await performBatch(ticket) }
        let files = ticket.files
        if let pending = store.pendingResult(of: files) {
            return await file(pending, files: files, entry: ticket.entry)
        }
        var request: WorkflowRequest
        switch await DiskQueue.run({ self.store.loadJob(files, entry: ticket.entry, seen: ticket.seen) }) {
        case .loaded(let loaded): request = loaded
        case .invalid(let message):
            events.record(.pickedUp(file: ticket.entry.name))
            return await file(JobResult.invalid(message, at: wallClock()), files: files, entry: ticket.entry)
        case .unreadable(let message):
            return .left.logging(events, "cannot read \(ConsoleEventLog.printable(ticket.entry.name)) in \(layout.display(files.folder)) (\(message)); will try again")
        }
        if case .resumePolling(let executeID) = ticket.action {
            request.executeID = executeID
            request.mode = .async
            request.invocation.isAsync = true
            events.record(.resumed(file: ticket.entry.name, executeID: executeID))
        } else {
            events.record(.pickedUp(file: ticket.entry.name))
        }
        var current = ticket
        switch await store.attachJob(request, files: files, entry: ticket.entry, runner: runner) {
        case .ready(let ready, let updated):
            request = ready
            current.entry = updated
        case .failed(var result, let updated):
            result.uploads = updated.attachments
            return await file(result, files: files, entry: updated)
        case .noToken(let reason):
            holdForToken(reason)
            return .left.logging(events, "\(ConsoleEventLog.printable(ticket.entry.name)) waits: \(reason); it stays in \(layout.display(files.folder)) and will be tried again")
        case .later(let reason):
            return .left.logging(events, "\(ConsoleEventLog.printable(ticket.entry.name)) waits: \(reason); it stays in \(layout.display(files.folder)) and will be tried again")
        }
        let journal = store.journal(for: current)
        let streamFile = store.streamText(of: files, mode: request.mode)
        let outcome = await runner.run(request, file: ticket.entry.name, journal: journal, startResponse: ticket.entry.startResponse,
                                       handsOffPolling: true, streamText: streamFile?.sink)
        if let streamFile { await DiskQueue.run { streamFile.flush() } }
        current.entry = journal.current
        return await end(outcome, ticket: current)
    }

    /// Sends the next poll of a waiting async run.
    func poll(_ waiting: WaitingRun) async -> JobEnd {
        await end(await runner.poll(waiting.run), ticket: waiting.ticket)
    }

    private func end(_ outcome: JobOutcome, ticket: Ticket) async -> JobEnd {
        let entry = ticket.entry
        switch outcome {
        case .finished(var result):
            if !entry.attachments.isEmpty { result.uploads = entry.attachments }
            return await file(result, files: ticket.files, entry: entry)
        case .awaiting(let run):
            return .awaiting(WaitingRun(run: run, ticket: ticket))
        case .suspended:
            return .left
        case .deferred(let reason):
            return .left.logging(events, "\(ConsoleEventLog.printable(entry.name)) was not sent: \(reason); it stays in \(layout.display(ticket.files.folder)) and will be tried again")
        case .dailyLimitReached:
            pauseForDailyLimit()
            return .left
        case .tokenUnavailable(let reason):
            holdForToken(reason)
            return .left
        }
    }
}

extension DropAgent.JobEnd {
    init(_ filing: JobStore.Filing) {
        self = filing == .filed ? .done : .unsettled
    }

    /// Logs why a job was left for later, and returns it.
    func logging(_ events: any EventSink, _ message: String) -> Self {
        events.record(.problem(message))
        return self
    }
}
