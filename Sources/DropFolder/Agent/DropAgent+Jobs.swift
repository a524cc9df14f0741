import CozeAPI
import Foundation
import OrderedJSON
import Synchronization
import WorkflowJobs

extension DropAgent {
    /// Carries out one ticket: runs, resumes, reports as interrupted, or finishes settling. Disk work
    /// happens on the disk queue, the waiting for Coze on the cooperative pool.
    func perform(_ ticket: Ticket) async -> JobEnd {
        switch ticket.action {
        case .run, .resumePolling: return await execute(ticket)
        default: return await DiskQueue.run { self.finish(ticket) }
        }
    }

    private func finish(_ ticket: Ticket) -> JobEnd {
        let files = ticket.files
        let entry = ticket.entry
        if let pending = pendingResults.withLock({ $0[files.request] }) {
            return settle(pending, files: files, entry: entry)
        }
        switch ticket.action {
        case .discardJournal:
            try? fileSystem.removeFile(files.journal)
            journalBatcher.release(files)
            return .done
        case .finishSettling:
            return settleWritten(files: files, entry: entry, result: nil)
        case .reportInterrupted:
            var result = JobResult(status: .failed, mode: nil, startedAt: wallClock())
            var workflow = "the workflow"
            var workflowZH = "工作流"
            if case .loaded(let request) = load(files) {
                result.mode = request.mode
                result.request = request.invocation.describedBody
                workflow = "workflow \(request.invocation.workflowID)"
                workflowZH = "工作流 \(request.invocation.workflowID) "
            }
            result.startResponse = entry.startResponse
            result.error = JobFailure(kind: .interrupted, message: configuration.language.pick(
                en: "CozeDrop stopped (a crash, a kill or a power cut) while this request was being sent to Coze, so it cannot tell whether the workflow ran. Check the run history of \(workflow) in Coze (open the workflow, then its run history or the debug link of its latest run) before dropping the request again: dropping it again runs it again. To have such requests sent again automatically, start the agent with --resend-interrupted.",
                zh: "CozeDrop 在把这个请求发送给 Coze 时停止了（崩溃、被终止或断电），无法确定工作流是否运行过。再次放入请求前，请先在 Coze 中查看\(workflowZH)的运行历史（打开工作流，查看运行历史或最近一次运行的调试链接）：再次放入会再运行一次。如果希望这类请求自动重新发送，请用 --resend-interrupted 启动代理。"))
            return settle(result, files: files, entry: entry)
        case .run, .resumePolling:
            return .left  // `perform` sends these to `execute`.
        }
    }

    private func execute(_ ticket: Ticket) async -> JobEnd {
        let files = ticket.files
        if let pending = pendingResults.withLock({ $0[files.request] }) {
            return await DiskQueue.run { self.settle(pending, files: files, entry: ticket.entry) }
        }
        var request: WorkflowRequest
        switch await DiskQueue.run({ self.load(files) }) {
        case .loaded(let loaded): request = loaded
        case .invalid(let message):
            events.record(.pickedUp(file: ticket.entry.name))
            let result = JobResult.invalid(message, at: wallClock())
            return await DiskQueue.run { self.settle(result, files: files, entry: ticket.entry) }
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
        var entry = ticket.entry
        switch await attach(request, files: files, entry: entry) {
        case .ready(let ready, let updated):
            request = ready
            entry = updated
        case .failed(var result, let updated):
            result.uploads = updated.attachments
            let failed = result
            return await DiskQueue.run { self.settle(failed, files: files, entry: updated) }
        case .later(let reason):
            return .left.logging(events, "\(ConsoleEventLog.printable(ticket.entry.name)) waits: \(reason); it stays in \(layout.display(files.folder)) and will be tried again")
        }
        let journal = JobJournal(fileSystem: fileSystem, files: files, entry: entry, batcher: journalBatcher)
        let streamFile = [.stream, .chat].contains(request.mode) ? StreamTextFile(path: files.streamText, fileSystem: fileSystem) : nil
        let outcome = await runner.run(request, file: ticket.entry.name, journal: journal, startResponse: ticket.entry.startResponse,
                                       handsOffPolling: true, streamText: streamFile?.sink)
        if let streamFile { await DiskQueue.run { streamFile.flush() } }
        var current = ticket
        current.entry = journal.current
        return await end(outcome, ticket: current)
    }

    /// Sends the next poll of a waiting async run.
    func poll(_ waiting: WaitingRun) async -> JobEnd {
        await end(await runner.poll(waiting.run), ticket: waiting.ticket)
    }

    private func end(_ outcome: JobOutcome, ticket: Ticket) async -> JobEnd {
        let files = ticket.files
        let entry = ticket.entry
        switch outcome {
        case .finished(var result):
            if !entry.attachments.isEmpty { result.uploads = entry.attachments }
            let finished = result
            return await DiskQueue.run { self.settle(finished, files: files, entry: entry) }
        case .awaiting(let run):
            return .awaiting(WaitingRun(run: run, ticket: ticket))
        case .suspended:
            return .left
        case .deferred(let reason):
            return .left.logging(events, "\(ConsoleEventLog.printable(entry.name)) was not sent: \(reason); it stays in \(layout.display(files.folder)) and will be tried again")
        case .dailyLimitReached:
            pauseForDailyLimit()
            return .left
        case .tokenUnavailable(let reason):
            holdForToken(reason)
            return .left
        }
    }

    enum Loaded {
        case loaded(WorkflowRequest)
        /// The file itself is wrong: settle it in `failed/`.
        case invalid(String)
        /// It could not be read right now (a share's I/O error): leave it for later.
        case unreadable(String)
    }

    /// Reads and checks a claimed request without ever opening a folder, link, pipe or device.
    func load(_ files: JobFiles) -> Loaded {
        let attributes: FileAttributes?
        do { attributes = try fileSystem.attributes(of: files.request) } catch { return .unreadable(error.reason) }
        guard let attributes else { return .unreadable("the claimed file has disappeared") }
        requestPermissions.withLock { $0[files.request] = attributes.permissions }
        let l = configuration.language
        switch attributes.kind {
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
                return .invalid(l.pick(en: "The file is too large (\(attributes.size) bytes); a request file may be at most \(limit) MB. Pass large inputs as uploaded files or URLs.",
                                       zh: "文件太大（\(attributes.size) 字节）；请求文件最大 \(limit) MB。较大的输入请作为上传文件或 URL 传递。"))
            case .notRegularFile:
                return .invalid(l.pick(en: "This is not a regular file, so it was not opened.", zh: "这不是普通文件，所以没有打开。"))
            case .other(let number) where number == EACCES || number == EPERM:
                return .invalid(l.pick(en: "The file cannot be read (\(error.reason)). Give the agent read permission and drop it again.",
                                       zh: "文件无法读取（\(error.reason)）。请给代理读取权限后重新放入。"))
            default:
                return .unreadable(error.reason)
            }
        }
        do {
            return .loaded(try RequestFileParser.parse(bytes, language: configuration.language, pollDefaults: configuration.pollDefaults))
        } catch {
            return .invalid(error.description)
        }
    }

    /// Writes the record into `processing/` (so the result survives a crash), then moves it out.
    func settle(_ result: JobResult, files: JobFiles, entry: JournalEntry) -> JobEnd {
        let record = JSONWriter().bytes(from: ResultRecord.json(for: result, sourceFile: entry.name, simulated: configuration.simulated))
        let loaded = requestPermissions.withLock { $0.removeValue(forKey: files.request) }
        let permissions = ((loaded ?? ((try? fileSystem.attributes(of: files.request)) ?? nil)?.permissions) ?? 0o644) & 0o666
        do {
            try writeFresh(record, to: files.record, permissions: permissions)
            pendingResults.withLock { $0[files.request] = nil }
        } catch {
            pendingResults.withLock { $0[files.request] = result }
            events.record(.problem("cannot write the result of \(ConsoleEventLog.printable(entry.name)) (\(error.reason)); it is kept and written as soon as possible"))
            return .unsettled
        }
        // Nothing of the job has moved yet unless a settle was begun before: what is there is known.
        var known: ResultSettler.KnownFiles?
        if entry.phase != .settling {
            var companions: Set<String> = []
            if AnswerTemplate.bytes(for: result, continuing: "") != nil { companions.insert(JobFiles.answerSuffix) }
            let streamed = result.mode == .stream || result.mode == .chat
            known = ResultSettler.KnownFiles(request: true, record: true, companions: companions,
                                             possibleCompanions: streamed ? [JobFiles.streamTextSuffix] : [],
                                             written: configuration.writesSummaries ? [JobFiles.summarySuffix] : [])
        }
        return settleWritten(files: files, entry: entry, result: result, known: known)
    }

    /// Writes a file that should not be there yet; one left by an earlier try is replaced.
    private func writeFresh(_ bytes: [UInt8], to path: String, permissions: UInt16) throws(FileSystemError) {
        do {
            try fileSystem.writeNewFile(bytes, to: path, permissions: permissions)
        } catch where error.code == .exists {
            try? fileSystem.removeFile(path)
            try fileSystem.writeNewFile(bytes, to: path, permissions: permissions)
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
    func settleWritten(files: JobFiles, entry: JournalEntry, result: JobResult?, known: ResultSettler.KnownFiles? = nil) -> JobEnd {
        let summary = result.map(RecordSummary.init) ?? RecordSummary(recordAt: files.record, fileSystem: fileSystem)
        let destination = entry.phase == .settling ? (entry.destination ?? summary.destination) : summary.destination
        let folder = destination == "outbox" ? layout.outbox : layout.failed
        do {
            let placement = try settler.settle(files, entry: entry, destination: destination, in: folder, known: known) { stem throws(FileSystemError) in
                guard let result else { return }
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
            }
            countFinished(failure: summary.failure, name: entry.name)
            if let failure = summary.failure {
                events.record(.failed(file: entry.name, kind: failure.kind, message: failure.message, record: layout.display(placement.record),
                                      executeID: summary.executeID, duration: summary.duration))
            } else {
                events.record(.finished(file: entry.name, record: layout.display(placement.record), executeID: summary.executeID, duration: summary.duration))
            }
            journalBatcher.release(files)
            if files.folder != ownFolder { removeFolderIfDone(files.folder) }
            return .done
        } catch {
            events.record(.problem("cannot move the result of \(ConsoleEventLog.printable(entry.name)) into \(layout.display(folder)) (\(error.reason)); it stays in \(layout.display(files.folder)) and is moved as soon as possible"))
            return .unsettled
        }
    }
}

/// What the console line and the destination of a finished job need from its result.
struct RecordSummary {
    var destination: String
    var failure: JobFailure?
    var executeID: String?
    var duration: Duration?

    init(_ result: JobResult) {
        destination = result.status == .failed ? "failed" : "outbox"
        failure = result.error
        executeID = result.executeID
        duration = result.duration
    }

    /// From a record already written (when finishing a move after a restart).
    init(recordAt path: String, fileSystem: any FileSystem) {
        let json = (try? fileSystem.readFile(path, limit: 512 * 1024 * 1024)).flatMap { try? JSONParser().parse(bytes: $0) }
        destination = ["success", "needs_input"].contains(json?["status"]?.stringValue ?? "") ? "outbox" : "failed"
        if let error = json?["error"], let kind = error["kind"]?.stringValue.flatMap(JobFailure.Kind.init(rawValue:)) {
            failure = JobFailure(kind: kind, message: error["message"]?.stringValue ?? "")
        }
        executeID = json?["execute_id"]?.stringValue
        duration = json?["duration_ms"]?.integerValue.map { .milliseconds($0) }
    }
}

extension DropAgent.JobEnd {
    /// Logs why a job was left for later, and returns it.
    func logging(_ events: any EventSink, _ message: String) -> Self {
        events.record(.problem(message))
        return self
    }
}
