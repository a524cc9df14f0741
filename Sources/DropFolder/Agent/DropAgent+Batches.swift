import CozeAPI
import Foundation
import WorkflowJobs

extension DropAgent {
    /// A table in a workflow folder: planned into rows (once), which are queued as jobs of their
    /// own; when every row has run, its results are filed.
    func performBatch(_ ticket: Ticket) async -> JobEnd {
        let name = ConsoleEventLog.printable(ticket.entry.name)
        switch await store.expandBatch(ticket, runner: runner) {
        case .refused(let result):
            events.record(.pickedUp(file: ticket.entry.name))
            return JobEnd(await store.settle(result, files: ticket.files, entry: ticket.entry))
        case .rows(let rows) where rows.isEmpty:
            guard let filing = await store.finishBatch(ticket) else { return .done }
            return JobEnd(filing)
        case .rows(let rows):
            events.record(.pickedUp(file: ticket.entry.name))
            wake.yield(.rowsFound(rows.map { Core.Found(key: $0.key, name: $0.name, work: .row($0), background: true) }))
            return .done
        case .later(let reason):
            return .left.logging(events, "\(name) waits: \(reason); it stays in \(layout.display(ticket.files.folder)) and will be tried again")
        case .noToken(let reason):
            holdForToken(reason)
            return .left.logging(events, "\(name) waits: \(reason); it stays in \(layout.display(ticket.files.folder)) and will be tried again")
        case .gone:
            return .done
        }
    }

    /// Runs one row of a batch. What its journal and record say decides, every time, so a row
    /// queued again (after a restart, or by a batch taken up again) never runs twice.
    func performRow(_ row: BatchRow) async -> JobEnd {
        let load = await DiskQueue.run { self.store.loadRow(row) }
        var result: JobResult
        var entry: JournalEntry
        switch load {
        case .done:
            return await rowDone(row)
        case .unreadable(let message):
            return .left.logging(events, "cannot read \(ConsoleEventLog.printable(row.name)) (\(message)); will try again")
        case .failed(let failed, let rowEntry):
            result = failed
            entry = rowEntry
        case .ready(let request, let rowEntry, let action):
            entry = rowEntry
            switch action {
            case .reportInterrupted:
                result = store.interruptedRowResult(request, entry: rowEntry)
            case .run, .resumePolling:
                let journal = store.rowJournal(files: row.files, entry: rowEntry)
                let outcome = await runner.run(request, file: row.name, journal: journal, startResponse: rowEntry.startResponse, handsOffPolling: false)
                entry = journal.current
                switch outcome {
                case .finished(let finished): result = finished
                case .awaiting, .suspended: return .left
                case .deferred(let reason):
                    return .left.logging(events, "\(ConsoleEventLog.printable(row.name)) was not sent: \(reason); it will be tried again")
                case .dailyLimitReached:
                    pauseForDailyLimit()
                    return .left
                case .tokenUnavailable(let reason):
                    holdForToken(reason)
                    return .left
                }
            case .finishSettling, .discardJournal:
                return await rowDone(row)
            }
        }
        let (finalResult, finalEntry) = (result, entry)
        let written = await DiskQueue.run { self.store.writeRowRecord(finalResult, row: row, entry: finalEntry) }
        guard written else { return .left }
        return await rowDone(row)
    }

    /// A row has its record. When it was the last, the table's job is queued again to file the
    /// results (as its own job, so no sweep takes the table up while it is being filed).
    private func rowDone(_ row: BatchRow) async -> JobEnd {
        if store.batches.isComplete(row.table.key) {
            wake.yield(.rowsFound([Core.Found(key: row.table.key, name: row.table.entry.name, work: .run(row.table))]))
        }
        return .done
    }
}
