/// Where a batch (a table dropped into a workflow folder) keeps its rows in `processing/<agent>/`:
/// next to the claimed table (`<job>.json`), a folder `<job>.batch/` holding each running row's
/// request (`row-<index>.json`), journal and, once it has run, its record; `plan.json` (written
/// last, durably: rows run only once it is there) and `uploads.json` (the files the cells name,
/// uploaded once per batch).
struct BatchFiles: Sendable, Equatable {
    /// The claimed table's files.
    var table: JobFiles

    var folder: String { "\(table.folder)/\(table.jobID).batch" }
    var plan: String { "\(folder)/plan.json" }
    var uploads: String { "\(folder)/uploads.json" }

    /// A row's files: `row-<index>.json`, `.state.json`, `.response.json`.
    func row(_ index: Int) -> JobFiles { JobFiles(folder: folder, jobID: "row-\(index)") }
}
