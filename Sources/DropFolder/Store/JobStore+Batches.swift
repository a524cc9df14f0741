import CozeAPI
import Foundation
import HotFolders
import OrderedJSON
import Spreadsheets
import WorkflowJobs

/// Tables dropped into workflow folders: planned once into rows kept in the batch's place in
/// `processing/<agent>/` (see `BatchFiles`), each row run as its own job whose record is written
/// there before it counts as done, and the results filed once every row has one.
extension JobStore {
    enum BatchExpansion {
        /// The table cannot run: file it in `failed/<NAME>/` with this result.
        case refused(JobResult)
        /// The rows still to run (none: every row is done).
        case rows([BatchRow])
        case later(String)
        case noToken(String)
        /// The table is gone (filed by another task).
        case gone
    }

    /// Plans a claimed table into rows (once: `plan.json` is written last, durably, and rows run
    /// only once it is there), uploads the files its cells name (once per batch, journaled in
    /// `uploads.json`), and returns the rows without a record.
    func expandBatch(_ ticket: Ticket, runner: JobRunner) async -> BatchExpansion {
        let batch = BatchFiles(table: ticket.files)
        let entry = ticket.entry
        guard let folder = entry.folder else { return .gone }
        let l = configuration.language
        if await DiskQueue.run({ self.readJSON(batch.plan) }) == nil {
            guard ((try? fileSystem.attributes(of: ticket.files.request)) ?? nil) != nil else { return .gone }
            let settings: WorkflowFolderSettings
            switch workflowSettings(of: folder) {
            case .success(let read): settings = read
            case .failure(let problem):
                return .refused(.invalid(l.pick(en: "The folder's settings are not usable, so no row was run: ", zh: "该文件夹的设置无法使用，所以没有运行任何一行：")
                    + problem.problems.joined(separator: " "), at: wallClock()))
            }
            let table: TextTable
            do {
                let bytes = try fileSystem.readFile(ticket.files.request, limit: 256 * 1024 * 1024)
                table = try TableReader().table(fileName: entry.name, bytes: bytes)
            } catch let error as SpreadsheetError {
                return .refused(.invalid(l.pick(en: "The table could not be read, so no row was run: \(error.message) Fix it and drop it again.",
                                                zh: "无法读取表格，所以没有运行任何一行：\(error.message) 请修正后重新放入。"), at: wallClock()))
            } catch {
                return .later("cannot read \(ConsoleEventLog.printable(entry.name)) (\(error))")
            }
            var info: WorkflowInfo?
            if let cache = runner.workflowInfo, case .info(let found) = await cache.lookup(settings.workflowID) { info = found }
            let plan: BatchPlan
            do {
                plan = try BatchPlan(table: table, info: info, fixedParameters: .object(settings.parameters))
            } catch {
                return .refused(.invalid(l.pick(en: "The table was not run (no row was sent): ", zh: "表格没有运行（没有发送任何一行）：") + error.message(l), at: wallClock()))
            }
            switch await uploadBatchFiles(plan.fileNames, folder: folder, batch: batch, runner: runner) {
            case .some(let reason): return .noToken(reason)
            case nil: break
            }
            let written: Bool = await DiskQueue.run {
                do {
                    try self.fileSystem.createDirectory(batch.folder)
                    for row in plan.runningRows {
                        let request = JSONValue.object([
                            JSONMember(key: "workflow_id", value: .string(settings.workflowID)),
                            JSONMember(key: "mode", value: .string(settings.mode.rawValue)),
                            JSONMember(key: "parameters", value: row.parameters),
                        ])
                        try self.fileSystem.replaceFile(JSONWriter().bytes(from: request), at: batch.row(row.index).request, durable: false)
                    }
                    try self.fileSystem.synchronize(batch.folder)
                    let rows = JSONValue.array(plan.rows.map { row in
                        .object([
                            JSONMember(key: "index", value: .integer(row.index)),
                            JSONMember(key: "number", value: .integer(row.number)),
                            JSONMember(key: "failure", value: row.failure(l).map(JSONValue.string) ?? .null),
                        ])
                    })
                    try self.fileSystem.replaceFile(JSONWriter().bytes(from: .object([JSONMember(key: "rows", value: rows)])), at: batch.plan, durable: true)
                    return true
                } catch {
                    self.events.record(.problem("cannot write the rows of \(ConsoleEventLog.printable(entry.name)) in \(self.layout.display(batch.folder)) (\((error as? FileSystemError)?.reason ?? "\(error)")); will try again"))
                    return false
                }
            }
            guard written else { return .later("its rows could not be written") }
        }
        return await DiskQueue.run { self.pendingRows(ticket) }
    }

    /// The rows of a planned batch without a record yet; starts counting its progress.
    private func pendingRows(_ ticket: Ticket) -> BatchExpansion {
        let batch = BatchFiles(table: ticket.files)
        guard let plan = readJSON(batch.plan), let rows = plan["rows"]?.arrayValue else { return .later("its plan cannot be read") }
        let names = Set((try? fileSystem.namesInDirectory(batch.folder)) ?? [])
        var pending: [BatchRow] = []
        var failed = 0
        for row in rows {
            guard let index = row["index"]?.integerValue, let number = row["number"]?.integerValue else { continue }
            if row["failure"]?.stringValue != nil { failed += 1; continue }
            let row = BatchRow(table: ticket, index: index, number: number)
            let files = row.files
            let recorded = names.contains((files.record as NSString).lastPathComponent)
            if !recorded {
                pending.append(row)
            } else if names.contains((files.journal as NSString).lastPathComponent) {
                // A crash came between the row's record and the end of its journal: its ledger line may be missing.
                if let record = readJSON(files.record) {
                    let jobID = JobJournal.read(files, from: fileSystem)?.jobID ?? "\(ticket.files.jobID)-r\(index)"
                    writeRowLedgerLine(row, jobID: jobID, record: record, mayBeWrittenElsewhere: true)
                }
                try? fileSystem.removeFile(files.journal)
            }
        }
        let now = wallClock()
        batches.start(ticket.key, BatchRunProgress(folder: ticket.entry.folder ?? "", table: ticket.entry.name, total: rows.count,
                                                   done: rows.count - pending.count, failed: failed, startedAt: now, updatedAt: now), at: clock.now)
        return .rows(pending)
    }

    /// Uploads the files a batch's cells name, each once (journaled in `uploads.json` as it goes,
    /// so a restart does not upload them again); a file that is missing or refused is noted with
    /// why, and the rows naming it fail. Returns why it must wait when there is no token.
    private func uploadBatchFiles(_ names: [String], folder: String, batch: BatchFiles, runner: JobRunner) async -> String? {
        guard !names.isEmpty else { return nil }
        let l = configuration.language
        var uploads = (await DiskQueue.run { self.readJSON(batch.uploads) })?.objectMembers ?? []
        _ = await DiskQueue.run { try? self.fileSystem.createDirectory(batch.folder) }
        for name in names where !uploads.contains(where: { $0.key == name }) {
            let candidates = ["\(workflowFolderPath(folder))/\(name)", "\(workflowFolderPath(folder))/\(DroppedName.filesFolder)/\(name)"]
            let found = await DiskQueue.run { candidates.first { ((try? self.fileSystem.attributes(of: $0)) ?? nil)?.kind == .regular } }
            var noted: JSONValue
            if let path = found {
                do { try await runner.limiter?.acquire() } catch { return "the agent is stopping" }
                switch await AttachmentUploader(client: runner.client).upload(path, as: name, scratchFolder: batch.folder) {
                case .success(let file):
                    noted = .object([JSONMember(key: "value", value: .string(file.parameterValue(for: runner.client.service)))])
                case .failure(let failure) where failure.kind == .noToken:
                    return failure.message
                case .failure(let failure):
                    noted = .object([JSONMember(key: "error", value: .string(l.pick(en: "Uploading \"\(name)\" failed, so this row was not run. ", zh: "上传 \"\(name)\" 失败，所以这一行没有运行。")
                        + JobFailure(failure, language: l).message))])
                }
            } else {
                noted = .object([JSONMember(key: "error", value: .string(l.pick(
                    en: "The file \"\(name)\" named in this row is neither in inbox/\(folder)/ nor in inbox/\(folder)/files/. Put it there and drop the rows again (the .failed.csv holds them).",
                    zh: "这一行引用的文件 \"\(name)\" 既不在 inbox/\(folder)/ 也不在 inbox/\(folder)/files/ 中。请把文件放到那里，然后重新放入这些行（.failed.csv 中就是它们）。")))])
            }
            uploads.append(JSONMember(key: name, value: noted))
            let bytes = JSONWriter().bytes(from: .object(uploads))
            await DiskQueue.run { try? self.fileSystem.replaceFile(bytes, at: batch.uploads, durable: true) }
        }
        return nil
    }

    func readJSON(_ path: String) -> JSONValue? {
        guard let bytes = try? fileSystem.readFile(path, limit: 512 * 1024 * 1024) else { return nil }
        return try? JSONParser().parse(bytes: bytes)
    }

    enum RowLoad {
        /// The row has its record: it has run.
        case done
        case ready(WorkflowRequest, JournalEntry, RecoveryPlan.Action)
        /// It cannot run (a file its cells name is missing): this is its result.
        case failed(JobResult, JournalEntry)
        case unreadable(String)
    }

    /// A row's request with its files' ids in, and what its journal says to do.
    func loadRow(_ row: BatchRow) -> RowLoad {
        let files = row.files
        if ((try? fileSystem.attributes(of: files.record)) ?? nil) != nil { return .done }
        var entry = JobJournal.read(files, from: fileSystem) ?? JournalEntry(jobID: "\(row.table.files.jobID)-r\(row.index)", name: row.name, phase: .claiming)
        entry.folder = row.table.entry.folder
        entry.batch = row.table.files.jobID
        entry.row = row.index
        let action = RecoveryPlan.decide(journal: entry, hasRequest: true, hasRecord: false, resendInterrupted: configuration.resendInterrupted)
        let bytes: [UInt8]
        do { bytes = try fileSystem.readFile(files.request, limit: configuration.maximumRequestBytes) } catch { return .unreadable(error.reason) }
        var request: WorkflowRequest
        do { request = try RequestFileParser.parse(bytes, language: configuration.language, pollDefaults: configuration.pollDefaults) } catch {
            return .failed(.invalid(error.description, at: wallClock()), entry)
        }
        if !request.attachments.isEmpty {
            let uploads = readJSON(BatchFiles(table: row.table.files).uploads)
            var values: [String: String] = [:]
            for name in request.attachments {
                if let value = uploads?[name]?["value"]?.stringValue { values[name] = value; continue }
                var result = JobResult.invalid(uploads?[name]?["error"]?.stringValue ?? "The file \"\(name)\" was not uploaded.", at: wallClock())
                result.request = request.invocation.describedBody
                return .failed(result, entry)
            }
            request = AttachmentUploader.substituting(parameterValues: values, into: request)
        }
        if case .resumePolling(let executeID) = action {
            request.executeID = executeID
            request.mode = .async
            request.invocation.isAsync = true
        }
        return .ready(request, entry, action)
    }

    /// The result of a row a crash caught while it was being sent.
    func interruptedRowResult(_ request: WorkflowRequest, entry: JournalEntry) -> JobResult {
        var result = JobResult(status: .failed, mode: request.mode, startedAt: wallClock())
        result.request = request.invocation.describedBody
        result.startResponse = entry.startResponse
        result.error = JobFailure(kind: .interrupted, message: configuration.language.pick(
            en: "CozeDrop stopped while this row was being sent to Coze, so it cannot tell whether the workflow ran for it. Check the workflow's run history in Coze before running the row again (it is in the .failed.csv); start the agent with --resend-interrupted to send such rows again automatically.",
            zh: "CozeDrop 在把这一行发送给 Coze 时停止了，无法确定工作流是否为它运行过。再次运行这一行（它在 .failed.csv 中）之前，请先在 Coze 中查看工作流的运行历史；用 --resend-interrupted 启动代理可自动重新发送这类行。"))
        return result
    }

    /// Writes a row's record in the batch's place, durably: from then on the row counts as done.
    func writeRowRecord(_ result: JobResult, row: BatchRow, entry: JournalEntry) -> Bool {
        let record = ResultRecord.json(for: result, sourceFile: entry.name, simulated: configuration.simulated)
        do {
            try fileSystem.replaceFile(JSONWriter().bytes(from: record), at: row.files.record, durable: true)
        } catch {
            events.record(.problem("cannot write the result of \(ConsoleEventLog.printable(row.name)) (\(error.reason)); the row will run again once it can be written"))
            return false
        }
        writeRowLedgerLine(row, jobID: entry.jobID, record: record, mayBeWrittenElsewhere: false)
        try? fileSystem.removeFile(row.files.journal)
        let names = BatchFileNames(table: row.table.entry.name)
        // A row that asks a question gets its answer file, to fill in and drop into the folder.
        if let template = AnswerTemplate.bytes(for: result, continuing: names.resultsJSONLines) {
            let path = "\(filingFolder("outbox", for: row.table.entry))/\(names.stem)-row\(row.number).answer.json"
            try? fileSystem.writeNewFile(template, to: path, permissions: 0o644)
        }
        let failed = result.status != .success
        let tokens = result.usage?["token_count"]?.integerValue ?? 0
        if let progress = batches.rowFinished(row.table.key, failed: failed, tokens: tokens, at: clock.now, wallClock: wallClock(), every: .seconds(2)) {
            let path = "\(filingFolder("outbox", for: row.table.entry))/\(BatchFileNames(table: row.table.entry.name).progressText)"
            try? fileSystem.replaceFile(Array(progress.text(configuration.language).utf8), at: path, durable: false)
        }
        return true
    }

    /// Once every row has its record: writes the results tables into `outbox/<NAME>/`, removes
    /// the progress file, and files the table there (through `settle`, journaled). `nil` when rows
    /// are still missing or another task is finishing the batch.
    func finishBatch(_ ticket: Ticket) async -> Filing? {
        guard batches.beginFinishing(ticket.key) else { return nil }
        var finished = false
        defer { batches.endFinishing(ticket.key, finished: finished) }
        let l = configuration.language
        let prepared: (JobResult, String)? = await DiskQueue.run { () -> (JobResult, String)? in
            let batch = BatchFiles(table: ticket.files)
            guard let plan = self.readJSON(batch.plan), let rows = plan["rows"]?.arrayValue,
                  let bytes = try? self.fileSystem.readFile(ticket.files.request, limit: 256 * 1024 * 1024),
                  let table = try? TableReader().table(fileName: ticket.entry.name, bytes: bytes) else { return nil }
            var outcomes: [BatchRowOutcome?] = Array(repeating: nil, count: table.rows.count)
            for row in rows {
                guard let index = row["index"]?.integerValue, index < outcomes.count else { continue }
                if let failure = row["failure"]?.stringValue {
                    outcomes[index] = BatchRowOutcome(status: .failed, errorKind: JobFailure.Kind.invalidRequest.rawValue, errorMessage: failure)
                } else if let record = self.readJSON(batch.row(index).record) {
                    outcomes[index] = BatchRowOutcome(record: record)
                } else {
                    return nil
                }
            }
            let results = BatchResults(table: table, outcomes: outcomes)
            let out = self.filingFolder("outbox", for: ticket.entry)
            // The name the table is filed under, free for it and its results tables: a second table of
            // the same name never writes over the first one's results.
            let ext = ResultSettler.requestExtension(of: ticket.entry.name)
            guard let stem = try? self.settler.freeStem(for: ticket.entry.name, ext: ext, in: out, companions: BatchFileNames.resultSuffixes) else {
                return nil
            }
            let names = BatchFileNames(table: stem + ext)
            do {
                try self.fileSystem.replaceFile(results.csv(), at: "\(out)/\(names.resultsCSV)", durable: true)
                try self.fileSystem.replaceFile(results.jsonLines(), at: "\(out)/\(names.resultsJSONLines)", durable: true)
                if DroppedName.fileExtension(ticket.entry.name).lowercased() == ".xlsx", let xlsx = try? results.xlsx() {
                    try self.fileSystem.replaceFile(xlsx, at: "\(out)/\(names.resultsXLSX)", durable: true)
                }
                if let failed = results.failedCSV() {
                    try self.fileSystem.replaceFile(failed, at: "\(out)/\(names.failedCSV)", durable: true)
                }
            } catch {
                self.events.record(.problem("cannot write the results of \(ConsoleEventLog.printable(ticket.entry.name)) into \(self.layout.display(out)) (\((error as? FileSystemError)?.reason ?? "\(error)")); will try again"))
                return nil
            }
            try? self.fileSystem.removeFile("\(out)/\(BatchFileNames(table: ticket.entry.name).progressText)")
            let succeeded = outcomes.count { $0?.status == .success }
            var result = JobResult(status: .success, mode: nil, startedAt: self.wallClock())
            result.output = .object([
                JSONMember(key: "rows", value: .integer(outcomes.count)),
                JSONMember(key: "succeeded", value: .integer(succeeded)),
                JSONMember(key: "failed", value: .integer(outcomes.count - succeeded)),
                JSONMember(key: "results", value: .string(names.resultsCSV)),
                JSONMember(key: "tokens", value: .integer(outcomes.reduce(0) { $0 + ($1?.tokens ?? 0) })),
            ])
            _ = l
            return (result, names.resultsCSV)
        }
        guard let (result, resultsName) = prepared else { return nil }
        let stem = String(resultsName.dropLast(".results.csv".count))
        let filing = await settle(result, files: ticket.files, entry: ticket.entry, stem: stem)
        finished = filing == .filed
        if finished, let notifier {
            let results = "\(layout.display(filingFolder("outbox", for: ticket.entry)))/\(resultsName)"
            notifier.batchDone(name: ticket.entry.name, output: result.output, results: results, workflowFolder: ticket.entry.folder)
        }
        return filing
    }

    /// Once a batch's table is filed (also when a restart finishes filing it), its rows go: the
    /// results hold them now. A batch taken over from an agent that is gone: that agent's folder
    /// goes too once nothing is left in it.
    func removeBatchRows(of files: JobFiles, entry: JournalEntry) {
        guard entry.folder != nil, DroppedName.kind(of: entry.name) == .table else { return }
        let batch = BatchFiles(table: files)
        guard let names = try? fileSystem.namesInDirectory(batch.folder) else { return }
        for name in names { try? fileSystem.removeFile("\(batch.folder)/\(name)") }
        try? fileSystem.removeDirectory(batch.folder)
        if files.folder != ownFolder { removeFolderIfDone(files.folder) }
    }
}
