/// A row of a batch: its own job, queued in the agent's core like any job.
struct BatchRow: Sendable, Equatable {
    /// The batch's table job (claimed from the workflow folder).
    var table: JobStore.Ticket
    var index: Int
    /// The row's number as the person sees it in the table.
    var number: Int

    var files: JobFiles { BatchFiles(table: table.files).row(index) }
    var key: String { files.request }
    var name: String { "\(table.entry.name) row \(number)" }
}
