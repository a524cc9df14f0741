import CozeAPI
import Foundation
import HotFolders
import OrderedJSON
import Synchronization
import WorkflowJobs

/// Workflow folders (`inbox/<NAME>/` with a `workflow.json`): files dropped there are claimed,
/// run and filed by the same rules as requests in the inbox; their results go to
/// `outbox/<NAME>/` and `failed/<NAME>/`.
extension JobStore {
    /// The workflow folder's path in the inbox.
    func workflowFolderPath(_ folder: String) -> String { "\(layout.inbox)/\(folder)" }

    /// Reads and checks `inbox/<folder>/workflow.json`: the settings, or what is wrong in words.
    func workflowSettings(of folder: String) -> Result<WorkflowFolderSettings, WorkflowFolderProblem> {
        let l = configuration.language
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile("\(workflowFolderPath(folder))/workflow.json", limit: 1024 * 1024)
        } catch {
            return .failure(WorkflowFolderProblem(l.pick(
                en: "inbox/\(folder)/workflow.json cannot be read (\(error.reason)). Put it back, or make it again with `coze-drop init --workflow ID --name \(folder)`.",
                zh: "无法读取 inbox/\(folder)/workflow.json（\(error.reason)）。请放回该文件，或用 `coze-drop init --workflow ID --name \(folder)` 重新生成。")))
        }
        do { return .success(try WorkflowFolderSettings.parse(bytes: bytes, language: l)) } catch { return .failure(error) }
    }

    /// Claims `<folder>/<name>` (a path under the inbox, as the scan found it), journaled with its
    /// workflow folder so a restart files it in the right place.
    func claimDropped(_ path: String, seen: SettleTracker.FileSignature?) -> Ticket? {
        guard let slash = path.firstIndex(of: "/") else { return claimFromInbox(path, seen: seen) }
        let folder = String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        var ticket = claim(name, from: workflowFolderPath(folder), workflowFolder: folder)
        ticket?.seen = seen
        return ticket
    }

    /// Where a job is filed: `outbox/` or `failed/`, or for a workflow folder's job its own folder
    /// in them (made on demand).
    func filingFolder(_ destination: String, for entry: JournalEntry) -> String {
        let base = destination == "outbox" ? layout.outbox : layout.failed
        guard let folder = entry.folder else { return base }
        let path = "\(base)/\(folder)"
        try? fileSystem.createDirectory(path)
        return path
    }

    /// Reads a claimed job: a request from the inbox as it is; from a workflow folder, a request
    /// with `workflow.json` as defaults, or a dropped file as the run its settings make of it.
    func loadJob(_ files: JobFiles, entry: JournalEntry, seen: SettleTracker.FileSignature?) -> Loaded {
        guard let folder = entry.folder else { return load(files, seen: seen) }
        let l = configuration.language
        let settings: WorkflowFolderSettings
        switch workflowSettings(of: folder) {
        case .success(let read): settings = read
        case .failure(let problem):
            return .invalid(l.pick(en: "The folder's settings are not usable, so nothing was run: ", zh: "该文件夹的设置无法使用，所以没有运行：")
                + problem.problems.joined(separator: " "))
        }
        let attributes: FileAttributes?
        do { attributes = try fileSystem.attributes(of: files.request) } catch { return .unreadable(error.reason) }
        guard let attributes else { return .unreadable("the claimed file has disappeared") }
        if attributes.kind == .directory { return loadSubFolder(files, entry: entry, folder: folder, settings: settings) }
        let kind = DroppedName.kind(of: entry.name)
        if kind == .request { return load(files, seen: seen, defaults: settings) }
        guard attributes.kind == .regular else {
            return .invalid(l.pick(en: "\"\(entry.name)\" is not a regular file (a link, a pipe or a device), so it was not opened. Drop the file itself.",
                                   zh: "\"\(entry.name)\" 不是普通文件（是链接、管道或设备），所以没有打开。请放入文件本身。"))
        }
        state.withLock { $0.requestPermissions[files.request] = attributes.permissions }
        var text: String?
        if kind == .text, settings.textParameter != nil {
            do {
                let bytes = try fileSystem.readFile(files.request, limit: configuration.maximumRequestBytes)
                text = String(decoding: try RequestTextDecoder.decode(bytes, language: l).utf8, as: UTF8.self)
            } catch let error as FileSystemError {
                if error.code == .tooLarge {
                    return .invalid(l.pick(en: "\"\(entry.name)\" is too large to send as text (at most \(configuration.maximumRequestBytes / 1024 / 1024) MB). Split it, or set `file_parameter` to send it as a file.",
                                           zh: "\"\(entry.name)\" 太大，无法作为文字发送（最大 \(configuration.maximumRequestBytes / 1024 / 1024) MB）。请拆分文件，或设置 `file_parameter` 以文件方式发送。"))
                }
                return .unreadable(error.reason)
            } catch {
                return .invalid("\(error)")
            }
        }
        switch DroppedFileRequest.outcome(for: entry.name, in: folder, text: text, settings: settings, language: l) {
        case .refused(let message):
            return .invalid(message)
        case .request(let document):
            do {
                return .loaded(try RequestFileParser.parse(JSONWriter().bytes(from: document), language: l, pollDefaults: configuration.pollDefaults))
            } catch {
                return .invalid(error.description)
            }
        }
    }

    /// A dropped sub-folder: one run with all its files, as an array in `folder_parameter`.
    private func loadSubFolder(_ files: JobFiles, entry: JournalEntry, folder: String, settings: WorkflowFolderSettings) -> Loaded {
        let l = configuration.language
        guard let key = settings.folderParameter else {
            return .invalid(l.pick(
                en: "inbox/\(folder)/workflow.json has no `folder_parameter`, so the folder \"\(entry.name)\" has no workflow input to go into. Set \"folder_parameter\" to the name of the workflow's input that takes a list of files (README.txt in that folder lists the inputs), then drop the folder again.",
                zh: "inbox/\(folder)/workflow.json 没有设置 `folder_parameter`，所以文件夹 \"\(entry.name)\" 没有可放入的工作流输入。请把 \"folder_parameter\" 设为接收文件列表的工作流输入参数名（该文件夹的 README.txt 列出了输入），然后重新放入文件夹。"))
        }
        let names: [String]
        do { names = try fileSystem.namesInDirectory(files.request) } catch { return .unreadable(error.reason) }
        let inside = names.filter { name in
            DroppedName.isSubFolderFile(name) && ((try? fileSystem.attributes(of: "\(files.request)/\(name)")) ?? nil)?.kind == .regular
        }.sorted()
        var parameters = settings.parameters
        func set(_ name: String, _ value: JSONValue) {
            parameters.removeAll { $0.key == name }
            parameters.append(JSONMember(key: name, value: value))
        }
        if let name = settings.nameParameter { set(name, .string(entry.name)) }
        set(key, .array(inside.map { .object([JSONMember(key: "$file", value: .string($0))]) }))
        let document = JSONValue.object([
            JSONMember(key: "workflow_id", value: .string(settings.workflowID)),
            JSONMember(key: "mode", value: .string(settings.mode.rawValue)),
            JSONMember(key: "parameters", value: .object(parameters)),
        ])
        do {
            return .loaded(try RequestFileParser.parse(JSONWriter().bytes(from: document), language: l, pollDefaults: configuration.pollDefaults))
        } catch {
            return .invalid(error.description)
        }
    }

    /// Brings and uploads a job's input files: for a file dropped into a workflow folder, the file
    /// itself (it is the claimed job's file), for a dropped sub-folder each of its files, each
    /// uploaded once with its id journaled before the run; otherwise the files its request names.
    func attachJob(_ request: WorkflowRequest, files: JobFiles, entry: JournalEntry, runner: JobRunner) async -> Attachments {
        guard entry.folder != nil, !request.attachments.isEmpty else { return await attach(request, files: files, entry: entry, runner: runner) }
        let isFolder = await DiskQueue.run { ((try? self.fileSystem.attributes(of: files.request)) ?? nil)?.kind == .directory }
        guard isFolder || (DroppedName.kind(of: entry.name) != .request && request.attachments == [entry.name]) else {
            return await attach(request, files: files, entry: entry, runner: runner)
        }
        let service = runner.client.service
        let l = configuration.language
        var entry = entry
        var values: [String: String] = [:]
        for name in request.attachments {
            if let done = entry.attachments.first(where: { $0.name == name }), let id = done.fileID {
                values[name] = CozeClient.UploadedFile(id: id, url: done.url).parameterValue(for: service)
                continue
            }
            let path = isFolder ? "\(files.request)/\(name)" : files.request
            let size = await DiskQueue.run { ((try? self.fileSystem.attributes(of: path)) ?? nil)?.size ?? 0 }
            if size > CozeClient.maximumUploadBytes {
                var result = JobResult.invalid(l.pick(en: "\"\(name)\" is \(size / 1024 / 1024) MB; Coze accepts files of at most 512 MB. Make it smaller or pass it as a URL.",
                                                      zh: "\"\(name)\" 有 \(size / 1024 / 1024) MB；Coze 接受的文件最大 512 MB。请缩小文件，或改用 URL。"), at: wallClock())
                result.mode = request.mode
                result.request = request.invocation.describedBody
                return .failed(result, entry)
            }
            do { try await runner.limiter?.acquire() } catch { return .later("the agent is stopping") }
            switch await AttachmentUploader(client: runner.client).upload(path, as: name, scratchFolder: files.folder) {
            case .success(let file):
                entry.attachments.removeAll { $0.name == name }
                entry.attachments.append(JournalEntry.Attachment(name: name, bytes: Int(size), fileID: file.id, url: file.url))
                values[name] = file.parameterValue(for: service)
                let journaled = entry
                await DiskQueue.run { try? JobJournal.write(journaled, of: files, to: self.fileSystem) }
            case .failure(let failure) where failure.kind == .noToken:
                return .noToken(failure.message)
            case .failure(let failure):
                return .failed(uploadFailed(name, failure, request: request), entry)
            }
        }
        return .ready(AttachmentUploader.substituting(parameterValues: values, into: request), entry)
    }
}
