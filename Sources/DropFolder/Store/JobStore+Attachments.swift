import CozeAPI
import Foundation
import OrderedJSON
import WorkflowJobs

extension JobStore {
    enum Attachments {
        /// Every input file is next to the job and uploaded; the request now carries their ids.
        case ready(WorkflowRequest, JournalEntry)
        /// The job cannot go on: the message says why, in words for the person who dropped it.
        case failed(JobResult, JournalEntry)
        /// The agent is stopping, or a file could not be read right now: try again later.
        case later(String)
        /// No valid token for the upload; nothing was sent: the job waits for a token like a run would.
        case noToken(String)
    }

    /// Brings the files a request names (`{"$file": "name"}`) from the inbox next to the job, waiting
    /// up to one settle period for a file that is missing or still being written, uploads each one
    /// once (its id is journaled, so a retry or a restart does not upload it again), and puts the ids
    /// into the request.
    func attach(_ request: WorkflowRequest, files: JobFiles, entry: JournalEntry, runner: JobRunner) async -> Attachments {
        guard !request.attachments.isEmpty else { return .ready(request, entry) }
        var entry = entry
        let deadline = clock.now + max(configuration.settle, .milliseconds(200))
        func refused(_ message: String) -> JobResult {
            var result = JobResult.invalid(message, at: wallClock())
            result.mode = request.mode
            result.request = request.invocation.describedBody
            result.retryOf = request.retryOf
            return result
        }
        for (index, name) in request.attachments.enumerated() {
            while true {
                let current = entry
                let step = await DiskQueue.run { self.bringAttachment(name, index: index, files: files, entry: current) }
                switch step {
                case .moved(let updated):
                    entry = updated
                case .refusedAfterMove(let message, let updated):
                    return .failed(refused(message), updated)
                case .unreadable(let message):
                    return .later("cannot read \(ConsoleEventLog.printable(name)) in the inbox (\(message))")
                case .notYet(let problem):
                    guard clock.now < deadline else { return .failed(refused(problem), entry) }
                    do { try await clock.sleep(for: .milliseconds(100)) } catch { return .later("the agent is stopping") }
                    continue
                }
                break
            }
        }
        var uploaded: [String: String] = [:]
        for (index, attachment) in entry.attachments.enumerated() {
            if let id = attachment.fileID {
                uploaded[attachment.name] = CozeClient.UploadedFile(id: id, url: attachment.url).parameterValue(for: runner.client.service)
                continue
            }
            do {
                try await runner.limiter?.acquire()
            } catch {
                return .later("the agent is stopping")
            }
            switch await AttachmentUploader(client: runner.client).upload(files.attachment(index), as: attachment.name, scratchFolder: files.folder) {
            case .success(let file):
                entry.attachments[index].fileID = file.id
                entry.attachments[index].url = file.url
                uploaded[attachment.name] = file.parameterValue(for: runner.client.service)
                let journaled = entry
                await DiskQueue.run { try? JobJournal.write(journaled, of: files, to: self.fileSystem) }
            case .failure(let failure) where failure.kind == .noToken:
                return .noToken(failure.message)
            case .failure(let failure):
                return .failed(uploadFailed(attachment.name, failure, request: request), entry)
            }
        }
        return .ready(AttachmentUploader.substituting(parameterValues: uploaded, into: request), entry)
    }

    enum AttachmentStep {
        case moved(JournalEntry)
        /// The file cannot be used; it was moved next to the job all the same, to travel with it.
        case refusedAfterMove(String, JournalEntry)
        case notYet(String)
        case unreadable(String)
    }

    private func missing(_ name: String) -> String {
        configuration.language.pick(
            en: "The file \"\(name)\" that the request names is not in the inbox. Drop the file into the inbox next to the request (same folder, same name), then drop the request again.",
            zh: "请求引用的文件 \"\(name)\" 不在收件箱中。请把文件放进收件箱、与请求放在一起（同一文件夹、同样的名字），然后重新放入请求。")
    }

    /// One file from the inbox to the job's folder, journaled before it moves.
    func bringAttachment(_ name: String, index: Int, files: JobFiles, entry: JournalEntry) -> AttachmentStep {
        let l = configuration.language
        let stored = files.attachment(index)
        do {
            // Already next to the job (a retry, or a restart): checked again, never moved again.
            let alreadyMoved = try fileSystem.attributes(of: stored)
            // A request in a workflow folder names files in that folder.
            let source = "\(entry.folder.map { "\(layout.inbox)/\($0)" } ?? layout.inbox)/\(name)"
            var found = alreadyMoved
            if found == nil { found = try fileSystem.attributes(of: source) }
            guard let attributes = found else {
                return .notYet(missing(name))
            }
            // A file that cannot be uploaded still travels with its request to failed/, so the inbox
            // ends empty and the person finds both together.
            var refusal: String?
            switch attributes.kind {
            case .regular:
                if attributes.size > CozeClient.maximumUploadBytes {
                    refusal = l.pick(en: "\"\(name)\" is \(attributes.size / 1024 / 1024) MB; Coze accepts files of at most 512 MB. Make it smaller or pass it as a URL.",
                                     zh: "\"\(name)\" 有 \(attributes.size / 1024 / 1024) MB；Coze 接受的文件最大 512 MB。请缩小文件，或改用 URL。")
                }
            case .symbolicLink:
                refusal = l.pick(en: "\"\(name)\" is a symbolic link. Links are never followed (they could point outside the inbox); copy the file itself into the inbox and drop the request again.",
                                 zh: "\"\(name)\" 是符号链接。链接一律不跟随（它可能指向收件箱以外）；请把文件本身复制到收件箱，然后重新放入请求。")
            case .directory, .other:
                refusal = l.pick(en: "\"\(name)\" is not a regular file (a folder, a pipe or a device), so it cannot be uploaded. Name a file in the inbox.",
                                 zh: "\"\(name)\" 不是普通文件（是文件夹、管道或设备），无法上传。请引用收件箱中的文件。")
            }
            if refusal == nil, alreadyMoved == nil {
                let modified = Date(timeIntervalSince1970: Double(attributes.modificationSeconds) + Double(attributes.modificationNanoseconds) / 1e9)
                if wallClock().timeIntervalSince(modified) < configuration.settle.inSeconds {
                    return .notYet(l.pick(en: "\"\(name)\" kept changing while the agent waited for it; drop the request again once the file is complete.",
                                          zh: "代理等待期间 \"\(name)\" 一直在变化；请在文件写完后重新放入请求。"))
                }
            }
            var updated = entry
            if !updated.attachments.contains(where: { $0.name == name }) {
                updated.attachments.append(JournalEntry.Attachment(name: name, bytes: Int(attributes.size)))
                try JobJournal.write(updated, of: files, to: fileSystem)
            }
            if alreadyMoved == nil { try fileSystem.moveWithoutReplacing(from: source, to: stored) }
            if let refusal { return .refusedAfterMove(refusal, updated) }
            return .moved(updated)
        } catch {
            if error.code == .notFound { return .notYet(missing(name)) }
            return .unreadable(error.reason)
        }
    }

    /// The result of a job whose input file could not be uploaded: not run, Coze's answer kept.
    func uploadFailed(_ name: String, _ failure: CozeFailure, request: WorkflowRequest) -> JobResult {
        var result = JobResult(status: .failed, mode: request.mode, startedAt: wallClock())
        result.request = request.invocation.describedBody
        let l = configuration.language
        var error = JobFailure(failure, language: l)
        error.message = l.pick(en: "Uploading \"\(name)\" failed, so the workflow was not run. ",
                               zh: "上传 \"\(name)\" 失败，所以没有运行工作流。") + error.message
        result.error = error
        result.response = failure.reply?.recordedBody
        result.retryOf = request.retryOf
        return result
    }
}
