import CozeAPI
import Foundation
import OrderedJSON
import HotFolders
import Synchronization
import WorkflowJobs

extension JobStore {
    /// Finishes a recovered job that is not run again: reports it as interrupted, finishes moving
    /// its result, or drops a stale journal.
    func finish(_ ticket: Ticket) async -> Filing {
        let files = ticket.files
        let entry = ticket.entry
        if let pending = pendingResult(of: files) {
            return await settle(pending, files: files, entry: entry)
        }
        switch ticket.action {
        case .discardJournal:
            return await DiskQueue.run {
                self.writeLineOfMovedJob(files: files, entry: entry)
                try? self.fileSystem.removeFile(files.journal)
                self.journalBatcher.release(files)
                return .filed
            }
        case .finishSettling:
            return await DiskQueue.run { self.settleWritten(files: files, entry: entry, result: nil) }
        case .reportInterrupted:
            return await settle(await DiskQueue.run { self.interruptedResult(files: files, entry: entry) }, files: files, entry: entry)
        case .run, .resumePolling:
            return .filed  // Run by the agent, never finished here.
        }
    }

    /// The result of a job a crash caught while its call may have been on its way to Coze.
    private func interruptedResult(files: JobFiles, entry: JournalEntry) -> JobResult {
        var result = JobResult(status: .failed, mode: nil, startedAt: wallClock())
        var workflow = "the workflow"
        var workflowZH = "工作流"
        if case .loaded(let request) = load(files) {
            result.mode = request.mode
            result.request = request.invocation.describedBody
            result.retryOf = request.retryOf
            workflow = "workflow \(request.invocation.workflowID)"
            workflowZH = "工作流 \(request.invocation.workflowID) "
        }
        result.startResponse = entry.startResponse
        result.error = JobFailure(kind: .interrupted, message: configuration.language.pick(
            en: "CozeDrop stopped (a crash, a kill or a power cut) while this request was being sent to Coze, so it cannot tell whether the workflow ran. Check the run history of \(workflow) in Coze (open the workflow, then its run history or the debug link of its latest run) before dropping the request again: dropping it again runs it again. To have such requests sent again automatically, start the agent with --resend-interrupted.",
            zh: "CozeDrop 在把这个请求发送给 Coze 时停止了（崩溃、被终止或断电），无法确定工作流是否运行过。再次放入请求前，请先在 Coze 中查看\(workflowZH)的运行历史（打开工作流，查看运行历史或最近一次运行的调试链接）：再次放入会再运行一次。如果希望这类请求自动重新发送，请用 --resend-interrupted 启动代理。"))
        return result
    }

    enum Loaded {
        case loaded(WorkflowRequest)
        /// The file itself is wrong: settle it in `failed/`.
        case invalid(String)
        /// It could not be read right now (a share's I/O error): leave it for later.
        case unreadable(String)
    }

    /// Reads and checks a claimed request without ever opening a folder, link, pipe or device.
    /// A request the scan saw as a regular file is read without another look (opening it refuses a
    /// link, and checks again that it is a regular file); any other is looked at first.
    func load(_ files: JobFiles, seen: SettleTracker.FileSignature? = nil, defaults: WorkflowFolderSettings? = nil) -> Loaded {
        var kind = FileAttributes.Kind.regular
        var size: Int64 = 0
        if let seen, seen.kind == .regular {
            size = seen.size
            state.withLock { $0.requestPermissions[files.request] = seen.permissions }
        } else {
            let attributes: FileAttributes?
            do { attributes = try fileSystem.attributes(of: files.request) } catch { return .unreadable(error.reason) }
            guard let attributes else { return .unreadable("the claimed file has disappeared") }
            state.withLock { $0.requestPermissions[files.request] = attributes.permissions }
            kind = attributes.kind
            size = attributes.size
        }
        let l = configuration.language
        switch kind {
        case .regular: break
        case .directory: return .invalid(l.pick(en: "This is a folder named like a request, not a file. Put request files directly in the inbox; folders are not opened.",
                                                zh: "这是一个名字像请求的文件夹，不是文件。请把请求文件直接放在收件箱中；文件夹不会被打开。"))
        case .symbolicLink: return .invalid(l.pick(en: "This is a symbolic link. Links are never followed (they could point outside the inbox); copy the file itself into the inbox.",
                                                   zh: "这是一个符号链接。链接一律不跟随（它可能指向收件箱以外）；请把文件本身复制到收件箱。"))
        case .other: return .invalid(l.pick(en: "This is a special file (a pipe or a device), not a regular file, so it was not opened.",
                                            zh: "这是一个特殊文件（管道或设备），不是普通文件，所以没有打开。"))
        }
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(files.request, limit: configuration.maximumRequestBytes)
        } catch {
            switch error.code {
            case .tooLarge:
                let limit = configuration.maximumRequestBytes / 1024 / 1024
                let bytes = ((try? fileSystem.attributes(of: files.request)) ?? nil)?.size ?? size
                return .invalid(l.pick(en: "The file is too large (\(bytes) bytes); a request file may be at most \(limit) MB. Pass large inputs as uploaded files or URLs.",
                                       zh: "文件太大（\(bytes) 字节）；请求文件最大 \(limit) MB。较大的输入请作为上传文件或 URL 传递。"))
            case .notRegularFile, .other(ELOOP):
                return .invalid(l.pick(en: "This is not a regular file, so it was not opened.", zh: "这不是普通文件，所以没有打开。"))
            case .notFound:
                return .unreadable("the claimed file has disappeared")
            case .other(let number) where number == EACCES || number == EPERM:
                return .invalid(l.pick(en: "The file cannot be read (\(error.reason)). Give the agent read permission and drop it again.",
                                       zh: "文件无法读取（\(error.reason)）。请给代理读取权限后重新放入。"))
            default:
                return .unreadable(error.reason)
            }
        }
        do {
            // A request dropped into a workflow folder takes its workflow.json as defaults.
            let body = defaults.map { DroppedFileRequest.mergedBytes(bytes, settings: $0, language: configuration.language) } ?? bytes
            return .loaded(try RequestFileParser.parse(body, language: configuration.language, pollDefaults: configuration.pollDefaults))
        } catch {
            return .invalid(error.description)
        }
    }

    /// Files a finished job. Its answer file, summary and record are written next to it in place
    /// (not flushed, no temporary names: nobody reads this folder), the names it will have in
    /// `outbox/` or `failed/` are chosen, and its `settling` entry goes out with other jobs' in one
    /// batch whose one flush makes all of their files durable (group commit); then its files move.
    /// A result that cannot be written stays in the store and is filed as soon as possible.
    /// `stem`: the name the job is filed under, chosen already (a batch's results tables bear it).
    func settle(_ result: JobResult, files: JobFiles, entry: JournalEntry, stem: String? = nil) async -> Filing {
        // A settle begun before (a restart, or a clash) finishes the way it began.
        guard entry.phase != .settling else { return await DiskQueue.run { self.settleAgain(result, files: files, entry: entry) } }
        let prepared: Prepared
        switch await DiskQueue.run({ self.prepareFiling(result, files: files, entry: entry, stem: stem) }) {
        case .success(let ready): prepared = ready
        case .failure(let error): return keep(result, of: files, named: entry.name, because: error)
        }
        do {
            try await journalBatcher.write(prepared.entry, of: files)
        } catch {
            return keep(result, of: files, named: entry.name, because: error)
        }
        state.withLock { $0.pendingResults[files.request] = nil }
        return await DiskQueue.run {
            self.settleWritten(files: files, entry: prepared.entry, result: result, record: prepared.record, known: prepared.known, companionsWritten: true)
        }
    }

    /// Writes the record of a job whose settle had begun, flushed on its own (this happens only after
    /// a failure), and moves the files under the names journaled.
    private func settleAgain(_ result: JobResult, files: JobFiles, entry: JournalEntry) -> Filing {
        let record = ResultRecord.json(for: result, sourceFile: entry.name, simulated: configuration.simulated)
        let bytes = JSONWriter().bytes(from: record)
        let permissions = (state.withLock { $0.requestPermissions.removeValue(forKey: files.request) } ?? 0o644) & 0o666
        do {
            try writeFresh(bytes, to: files.record, permissions: permissions)
            try fileSystem.synchronize(files.folder)
        } catch {
            return keep(result, of: files, named: entry.name, because: error)
        }
        state.withLock { $0.pendingResults[files.request] = nil }
        return settleWritten(files: files, entry: entry, result: result, record: record)
    }

    /// A job's files written and its names chosen, ready for its `settling` entry.
    struct Prepared: Sendable {
        var entry: JournalEntry
        /// The record as written, for the ledger line.
        var record: JSONValue
        var known: ResultSettler.KnownFiles
    }

    private func prepareFiling(_ result: JobResult, files: JobFiles, entry: JournalEntry, stem chosen: String?) -> Result<Prepared, FileSystemError> {
        let loaded = state.withLock { $0.requestPermissions.removeValue(forKey: files.request) }
        let permissions = ((loaded ?? ((try? fileSystem.attributes(of: files.request)) ?? nil)?.permissions) ?? 0o644) & 0o666
        let summary = RecordSummary(result)
        let folder = filingFolder(summary.destination, for: entry)
        let answers = AnswerTemplate.bytes(for: result, continuing: "") != nil
        let streamed = result.mode == .stream || result.mode == .chat
        var companions: Set<String> = []
        if answers { companions.insert(JobFiles.answerSuffix) }
        if configuration.writesSummaries { companions.insert(JobFiles.summarySuffix) }
        let outputText = entry.folder == nil ? nil : DroppedFileRequest.outputText(of: result.output)
        if outputText != nil { companions.insert(JobFiles.outputTextSuffix) }
        let known = ResultSettler.KnownFiles(request: true, record: true, companions: companions,
                                             possibleCompanions: streamed ? [JobFiles.streamTextSuffix] : [])
        do throws(FileSystemError) {
            // Only the request's and the record's names are looked up (on a share each look is a round
            // trip); a companion whose name is taken all the same gets `_2` (see `ResultSettler`).
            let stem: String
            if let chosen { stem = chosen } else {
                stem = try settler.freeStem(for: entry.name, ext: ResultSettler.requestExtension(of: entry.name), in: folder, companions: [])
            }
            let record = "\(stem).response.json"
            let template = AnswerTemplate.bytes(for: result, continuing: record)
            if let template { try writeFresh(template, to: files.answer, permissions: 0o644) }
            if let outputText { try writeFresh(Array(outputText.utf8), to: files.outputText, permissions: 0o644) }
            if configuration.writesSummaries {
                let text = ResultSummary.text(for: result, sourceFile: entry.name, record: record,
                                              answerFile: template == nil ? nil : "\(stem).answer.json", language: configuration.language)
                try writeFresh(Array(text.utf8), to: files.summary, permissions: 0o644)
            }
            // The record last: a whole record means its companions are whole too.
            let recordJSON = ResultRecord.json(for: result, sourceFile: entry.name, simulated: configuration.simulated)
            try writeFresh(JSONWriter().bytes(from: recordJSON), to: files.record, permissions: permissions)
            var settling = entry
            try? settling.move(to: .settling)
            settling.destination = summary.destination
            settling.settledStem = stem
            return .success(Prepared(entry: settling, record: recordJSON, known: known))
        } catch {
            return .failure(error)
        }
    }

    /// Keeps a result that cannot be written or made durable yet; the job is filed as soon as possible.
    private func keep(_ result: JobResult, of files: JobFiles, named name: String, because error: any Error) -> Filing {
        state.withLock { $0.pendingResults[files.request] = result }
        let reason = (error as? FileSystemError)?.reason ?? "\(error)"
        events.record(.problem("cannot write the result of \(ConsoleEventLog.printable(name)) (\(reason)); it is kept and written as soon as possible"))
        notifier?.resultsUnwritable(name: name, reason: reason)
        return .kept
    }

    /// Writes a file in the job's folder that should not be there yet (in place: the batch's flush
    /// makes it durable); one left by an earlier try is replaced.
    private func writeFresh(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        do {
            try fileSystem.writeFile(bytes, to: path, permissions: permissions)
        } catch where error.code == .exists {
            try? fileSystem.removeFile(path)
            try fileSystem.writeFile(bytes, to: path, permissions: permissions)
        }
    }

    /// Writes a new file at `base + suffix`; should that name be taken, `_2`, `_3`… go before the suffix.
    private func writeAlong(_ bytes: [UInt8], to base: String, suffix: String) throws(FileSystemError) {
        for attempt in 1...100 {
            do throws(FileSystemError) {
                try fileSystem.writeNewFile(bytes, to: attempt == 1 ? base + suffix : "\(base)_\(attempt)\(suffix)", permissions: 0o644)
                return
            } catch {
                guard error.code == .exists else { throw error }
            }
        }
        throw FileSystemError(code: .exists, path: base + suffix, reason: "no free name left")
    }

    /// Moves a written record and its request to `outbox/` or `failed/`.
    /// Moves a job whose record is written to `outbox/` or `failed/`. With `companionsWritten`, its
    /// answer file and summary are already next to it; otherwise they are written once the names are chosen.
    func settleWritten(files: JobFiles, entry: JournalEntry, result: JobResult?, record: JSONValue? = nil, known: ResultSettler.KnownFiles? = nil,
                       companionsWritten: Bool = false) -> Filing {
        let summary = result.map(RecordSummary.init) ?? RecordSummary(recordAt: files.record, fileSystem: fileSystem)
        let destination = entry.phase == .settling ? (entry.destination ?? summary.destination) : summary.destination
        let folder = filingFolder(destination, for: entry)
        do {
            let placement = try settler.settle(files, entry: entry, destination: destination, in: folder, known: known) { stem throws(FileSystemError) in
                guard let result, !companionsWritten else { return }
                // A run waiting for an answer gets its answer file, naming the record it will continue.
                let template = AnswerTemplate.bytes(for: result, continuing: "\(stem).response.json")
                if let template {
                    try writeFresh(template, to: files.answer, permissions: 0o644)
                }
                guard configuration.writesSummaries else { return }
                let summary = ResultSummary.text(for: result, sourceFile: entry.name, record: "\(stem).response.json",
                                                 answerFile: template == nil ? nil : "\(stem).answer.json", language: configuration.language)
                // Straight to where it ends up (one rename fewer): like a move, it never replaces a file.
                try writeAlong(Array(summary.utf8), to: "\(folder)/\(stem)", suffix: JobFiles.summarySuffix)
            } moved: { placement in
                // Only a filing begun on the fast path is known to have no line yet.
                writeLedgerLine(files: files, entry: entry, record: record ?? summary.record, recordAt: placement.record,
                                mayBeWrittenElsewhere: known == nil)
            }
            onFiled(entry.name, summary.failure)
            announceFiled(entry, summary: summary, record: layout.display(placement.record))
            if let failure = summary.failure {
                events.record(.failed(file: entry.name, kind: failure.kind, message: failure.message, record: layout.display(placement.record),
                                      executeID: summary.executeID, duration: summary.duration))
            } else {
                events.record(.finished(file: entry.name, record: layout.display(placement.record), executeID: summary.executeID, duration: summary.duration))
            }
            journalBatcher.release(files)
            removeBatchRows(of: files, entry: entry)
            if files.folder != ownFolder { removeFolderIfDone(files.folder) }
            return .filed
        } catch {
            events.record(.problem("cannot move the result of \(ConsoleEventLog.printable(entry.name)) into \(layout.display(folder)) (\(error.reason)); it stays in \(layout.display(files.folder)) and is moved as soon as possible"))
            return .kept
        }
    }
}
