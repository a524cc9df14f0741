import CozeAPI
import DropFolder
import Foundation
import Ledger

/// `coze-drop retry [--root R] [NAME… | --all] [--kind K,…] [--since 1d] [--folder NAME] [--force]`:
/// puts failed requests back into their inbox folder, with their attached files under the names the
/// request uses. The decisions are a `RetryPlan`; this command reads the folders and does the moves.
struct RetryCommand {
    static let help = """
        coze-drop retry — put failed requests back into their inbox so the agent runs them again.

        Usage: coze-drop retry [--root DIR] (NAME... | --all) [--kind network,timeout,http,api,...] [--since 1d|2026-11-01]
                               [--folder NAME] [--force] [--lang zh|en]

        NAME is a request's name in failed/ (a.json or a), or a batch's table in outbox/FOLDER/ (orders.csv).
        A request goes back with "retry_of" naming the earlier record, which stays in failed/ with its summary
        (the new record says "retry_of" too); attached files go back under the names the request uses; a file
        dropped into a workflow folder (a photo) goes back as it is. A batch's rows that did not succeed go back
        as a new table, inbox/FOLDER/<table>.retry.csv; the rows not retried stay in its .failed.csv.
        Runs filed as `interrupted` (rows too) may have run on Coze, so they are refused unless --force; so are
        rows waiting for an answer. A request goes back under its own name, or NAME_retry.json when the inbox
        already has that name; nothing in the inbox is ever replaced. Answer files are left alone.
        Exit status: 0 when every chosen request went back, 1 when any was refused or nothing matched.
        """

    let input: CommandInput
    let fileSystem: any FileSystem

    init(_ arguments: [String], environment: [String: String], console: Console, fileSystem: any FileSystem = LocalFileSystem()) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: ["--root", "--kind", "--since", "--folder", "--lang"], switchFlags: ["--all", "--force"],
                                 environment: environment, console: console)
        self.fileSystem = fileSystem
    }

    func run() throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        let arguments = input.arguments
        let l = try input.language()
        let console = input.console
        let root = FolderLayout(root: arguments.value("--root") ?? FileManager.default.currentDirectoryPath).root
        let names = arguments.positionals
        guard !names.isEmpty || arguments.has("--all") else {
            throw UsageError("name the failed requests to retry (such as `coze-drop retry a.json`), or give --all (with --kind, --since or --folder to narrow it)")
        }
        guard names.isEmpty || !arguments.has("--all") else { throw UsageError("give either names or --all, not both") }
        var since: Date?
        if let text = arguments.value("--since") {
            guard let start = ReportPeriod.start(text, now: Date()) else {
                throw UsageError("`--since` must be a span such as 1d or 12h, or a date such as 2026-11-01; got `\(text)`")
            }
            since = start
        }
        let kinds = arguments.value("--kind").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
        let selection = RetryPlan.Selection(names: names, all: arguments.has("--all"), kinds: kinds, since: since,
                                            folder: arguments.value("--folder"), force: arguments.has("--force"))
        recover(root: root, language: l)
        let jobs = failedJobs(root: root)
        var inboxNames: [String: Set<String>] = [:]
        for folder in Set(jobs.map(\.folder)) {
            let path = folder.isEmpty ? "\(root)/inbox" : "\(root)/inbox/\(folder)"
            inboxNames[folder] = Set((try? fileSystem.namesInDirectory(path)) ?? [])
        }
        let plan = RetryPlan(jobs: jobs, inboxNames: inboxNames, selection: selection)
        let batches = filedBatches(root: root)
        for folder in Set(batches.map(\.folder)) where inboxNames[folder] == nil {
            inboxNames[folder] = Set((try? fileSystem.namesInDirectory("\(root)/inbox/\(folder)")) ?? [])
        }
        let batchPlan = BatchRetryPlan(batches: batches, inboxNames: inboxNames, selection: selection)
        let unmatched = plan.unmatched.filter { !batchPlan.matchedNames.contains($0) }
        var problems = plan.refusals.count + unmatched.count + batchPlan.refusals.count
        for name in unmatched {
            console.error(l.pick(en: "\(name): no such failed request in \(root)/failed (give its name there, such as a.json), nor a batch with rows left in a .failed.csv in \(root)/outbox (give its table's name, such as orders.csv).",
                                 zh: "\(name)：\(root)/failed 中没有这个失败的请求（请写它在那里的名字，例如 a.json），\(root)/outbox 中也没有还留有 .failed.csv 的同名批量表格（请写表格的名字，例如 orders.csv）。"))
        }
        for refusal in plan.refusals {
            console.error(Self.describe(refusal, language: l))
        }
        for item in plan.items {
            do throws(FileSystemError) {
                try carryOut(item, root: root)
                let with = item.job.attachments.isEmpty ? "" : l.pick(en: " with \(item.job.attachments.joined(separator: ", "))",
                                                                      zh: "，连同 \(item.job.attachments.joined(separator: "、"))")
                console.print(l.pick(en: "\(item.request.from) → \(item.request.to)\(with); the earlier record stays at \(item.retryOf).",
                                     zh: "\(item.request.from) → \(item.request.to)\(with)；上一次的记录保留在 \(item.retryOf)。"))
            } catch {
                problems += 1
                console.error(l.pick(en: "\(item.request.from) could not be moved back (\(error)); what did move is back in the failed folder. Check the folder's permissions and try again.",
                                     zh: "\(item.request.from) 无法移回（\(error)）；已移动的文件已放回失败文件夹。请检查文件夹权限后重试。"))
            }
        }
        problems += carryOut(batchPlan, root: root, language: l)
        if plan.items.isEmpty, batchPlan.items.isEmpty, problems == 0 {
            console.print(l.pick(en: "Nothing to retry: no failed request in \(root)/failed matches.", zh: "没有需要重试的：\(root)/failed 中没有符合条件的失败请求。"))
            return ExitCode.failure
        }
        return problems == 0 ? ExitCode.success : ExitCode.failure
    }

    /// Every job in `failed/` and `failed/<NAME>/`.
    func failedJobs(root: String) -> [FailedJob] {
        let failed = "\(root)/failed"
        var jobs: [FailedJob] = []
        var folders = [""]
        for name in ((try? fileSystem.namesInDirectory(failed)) ?? []).sorted() where !name.hasPrefix(".") {
            if (try? fileSystem.attributes(of: "\(failed)/\(name)"))??.kind == .directory { folders.append(name) }
        }
        for folder in folders {
            let directory = folder.isEmpty ? failed : "\(failed)/\(folder)"
            let names = (try? fileSystem.namesInDirectory(directory)) ?? []
            var records: [String: [UInt8]] = [:]
            var requests: [String: [UInt8]] = [:]
            for name in names where name.hasSuffix(".response.json") {
                let stem = String(name.dropLast(".response.json".count))
                records[stem] = try? fileSystem.readFile("\(directory)/\(name)", limit: 64 << 20)
                if names.contains("\(stem).json") { requests[stem] = try? fileSystem.readFile("\(directory)/\(stem).json", limit: 16 << 20) }
            }
            jobs += FailedJob.jobs(folder: folder, names: names, records: records, requests: requests)
        }
        return jobs
    }

    /// Carries out one request's way back (see `RetryRecovery` for what each hidden name means):
    /// 1. a JSON request is written anew with `retry_of` under a hidden name in the inbox (a dropped
    ///    photo is moved there as it is); 2. its files are moved to hidden names in the inbox; 3. the
    ///    original is set aside as `failed/.retry-NAME` — from here on the retry counts as done;
    /// 4. the files, then the request, go under their names, never replacing; 5. the original goes.
    /// A failure before 3 puts everything back; a run cut off is finished or undone by the next one.
    func carryOut(_ item: RetryPlan.Item, root: String) throws(FileSystemError) {
        let inbox = "\(root)/\(item.job.inbox)"
        for folder in ["\(root)/inbox", inbox] where try fileSystem.attributes(of: folder) == nil {
            try fileSystem.createDirectory(folder)
        }
        let request = item.request
        var undo: [() -> Void] = []
        func rollBack() { for step in undo.reversed() { step() } }
        do throws(FileSystemError) {
            if item.marker != nil {
                let original = try fileSystem.readFile("\(root)/\(request.from)", limit: 64 << 20)
                let bytes = RetriedRequest.bytes(original, retryOf: item.retryOf) ?? original
                try? fileSystem.removeFile("\(root)/\(request.temporary)")
                try fileSystem.writeNewFile(bytes, to: "\(root)/\(request.temporary)", permissions: 0o644)
                undo.append { try? fileSystem.removeFile("\(root)/\(request.temporary)") }
            } else {
                try fileSystem.moveWithoutReplacing(from: "\(root)/\(request.from)", to: "\(root)/\(request.temporary)")
                undo.append { try? fileSystem.moveWithoutReplacing(from: "\(root)/\(request.temporary)", to: "\(root)/\(request.from)") }
            }
            for move in item.attachments {
                try fileSystem.moveWithoutReplacing(from: "\(root)/\(move.from)", to: "\(root)/\(move.temporary)")
                undo.append { try? fileSystem.moveWithoutReplacing(from: "\(root)/\(move.temporary)", to: "\(root)/\(move.from)") }
            }
            if let marker = item.marker {
                try fileSystem.moveWithoutReplacing(from: "\(root)/\(request.from)", to: "\(root)/\(marker)")
                undo.append { try? fileSystem.moveWithoutReplacing(from: "\(root)/\(marker)", to: "\(root)/\(request.from)") }
            }
            for move in item.attachments {
                try fileSystem.moveWithoutReplacing(from: "\(root)/\(move.temporary)", to: "\(root)/\(move.to)")
                undo.append { try? fileSystem.moveWithoutReplacing(from: "\(root)/\(move.to)", to: "\(root)/\(move.temporary)") }
            }
            try fileSystem.moveWithoutReplacing(from: "\(root)/\(request.temporary)", to: "\(root)/\(request.to)")
        } catch {
            rollBack()
            throw error
        }
        if let marker = item.marker { try? fileSystem.removeFile("\(root)/\(marker)") }
    }

    static func describe(_ refusal: RetryPlan.Refusal, language l: Language) -> String {
        let name = "\(refusal.job.directory)/\(refusal.job.requestName ?? refusal.job.stem + ".json")"
        switch refusal.reason {
        case .interrupted:
            return l.pick(
                en: "\(name) not retried: its run was interrupted and may have finished on Coze (running it again could do the work twice). Check its execute_id in Coze first, then add --force to retry it anyway.",
                zh: "\(name) 未重试：它的运行被中断，可能已在 Coze 上完成（再运行一次可能重复处理）。请先在 Coze 中查看它的 execute_id，确需重试时加 --force。")
        case .attachmentMissing(let file):
            return l.pick(
                en: "\(name) not retried: its file \(file) is no longer at \(refusal.job.directory)/\(refusal.job.stem).\(file). Put it back there (or drop the request and \(file) into the inbox yourself).",
                zh: "\(name) 未重试：它的文件 \(file) 已不在 \(refusal.job.directory)/\(refusal.job.stem).\(file)。请把文件放回那里（或自己把请求和 \(file) 放进收件箱）。")
        case .attachmentNameTaken(let file):
            return l.pick(
                en: "\(name) not retried: \(refusal.job.inbox)/ already has a file named \(file), the name the request uses. Move that file away, or wait until the agent has taken it, then retry.",
                zh: "\(name) 未重试：\(refusal.job.inbox)/ 中已有名为 \(file) 的文件（请求使用的名字）。请先移走它，或等代理取走后再重试。")
        case .answerFile:
            return l.pick(
                en: "\(name) not retried: it is an answer file, which continues a run that asked a question, not a request. Check the run in Coze; to answer again, copy it into the inbox yourself; to start over, retry the original request.",
                zh: "\(name) 未重试：这是回答文件，用于继续一个提出了问题的运行，不是请求。请先在 Coze 中查看该运行；如需再次回答，请自己把它复制到收件箱；如需重新开始，请重试原始请求。")
        case .requestMissing:
            return l.pick(
                en: "\(name) not retried: the request is no longer in \(refusal.job.directory)/ (it was retried already, or moved by hand). Only its record \(refusal.job.recordPath) is there.",
                zh: "\(name) 未重试：请求已不在 \(refusal.job.directory)/ 中（已经重试过，或被手动移走）。那里只剩记录 \(refusal.job.recordPath)。")
        }
    }
}
