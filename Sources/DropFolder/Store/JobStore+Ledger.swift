import Foundation
import HotFolders
import Ledger
import OrderedJSON
import WorkflowJobs

/// The ledger line of each finished job (see `AgentLedger`): written once the job's files have
/// moved (a batch row: once its record is durable) and before its journal goes.
extension JobStore {
    /// Writes the line of a filed job from its record: as it was written, or read back at `path` when
    /// a restart finishes the filing. A batch's table that ran writes none: each of its rows has its own.
    func writeLedgerLine(files: JobFiles, entry: JournalEntry, record written: JSONValue?, recordAt path: String, mayBeWrittenElsewhere: Bool) {
        guard let ledger, let record = written ?? readJSON(path) else { return }
        let isTable = entry.folder != nil && entry.batch == nil && DroppedName.kind(of: entry.name) == .table
        if isTable, record["status"]?.stringValue == JobResult.Status.success.rawValue { return }
        guard let line = LedgerLine(record: record, folder: entry.folder ?? "", sourceFile: entry.name, batchRow: nil,
                                    job: entry.jobID) else { return }
        ledger.write(line, unlessWrittenBy: mayBeWrittenElsewhere ? .everyAgent : .thisAgent)
    }

    /// Writes the line of a job whose files had all moved when a crash came, unless written: its
    /// journal (or its entry in a batch) says `settling` and where its record went.
    func writeLineOfMovedJob(files: JobFiles, entry: JournalEntry) {
        guard entry.phase == .settling, let stem = entry.settledStem, let destination = entry.destination else { return }
        writeLedgerLine(files: files, entry: entry, record: nil, recordAt: "\(filingFolder(destination, for: entry))/\(stem).response.json",
                        mayBeWrittenElsewhere: true)
    }

    /// Writes the line of a batch row whose record is durable; `record` is that record.
    func writeRowLedgerLine(_ row: BatchRow, jobID: String, record: JSONValue, mayBeWrittenElsewhere: Bool) {
        guard let ledger, let line = LedgerLine(record: record, folder: row.table.entry.folder ?? "", sourceFile: row.table.entry.name,
                                                batchRow: row.number, job: jobID)
        else { return }
        ledger.write(line, unlessWrittenBy: mayBeWrittenElsewhere ? .everyAgent : .thisAgent)
    }
}
