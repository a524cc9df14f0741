import CozeAPI
import Foundation
import Notifications
import OrderedJSON
import WorkflowJobs

/// Turns what the agent does into chat notifications: writes each event's one paragraph in the
/// folder's language (the summary's words) and posts it to a `NotificationDispatcher`, which never waits.
///
/// Only the agent that files a job tells about it, so several agents on one folder send each event once.
public struct AgentNotifier: Sendable {
    public let dispatcher: NotificationDispatcher
    let language: Language
    /// The folder's name, as messages show it.
    let folder: String
    /// The workflow folders' own targets (`notify` in their `workflow.json`), each with its dispatcher.
    let folders: FolderDispatchers
    /// Whether results could not be written since the last one filed (said once, not per job).
    let unwritable = UnwritableResults()

    /// - Parameter makeDispatcher: makes the dispatcher of a workflow folder's own targets; without
    ///   it, a folder's `notify` is not used.
    public init(dispatcher: NotificationDispatcher, language: Language, folder: String,
                makeDispatcher: (@Sendable ([NotificationTarget]) -> NotificationDispatcher)? = nil) {
        self.dispatcher = dispatcher
        self.language = language
        self.folder = folder
        self.folders = FolderDispatchers(make: makeDispatcher)
    }

    /// Posts to the root's targets and, for a job or batch of a workflow folder, to that folder's own.
    func post(_ event: NotificationEvent, workflowFolder: String?) {
        dispatcher.post(event)
        if let workflowFolder { folders.post(event, folder: workflowFolder) }
    }

    /// Uses `targets` (from the folder's `workflow.json`, read again at each scan) for the jobs and
    /// batches of the workflow folder `name`; a target the root has too hears only what the root's does not.
    func useFolderTargets(_ targets: [NotificationTarget], for name: String) {
        folders.use(targets, for: name, root: dispatcher.targets)
    }

    /// Whether the targets of the workflow folder `name` were given since the agent started.
    func knowsFolder(_ name: String) -> Bool { folders.knows(name) }

    var notificationLanguage: NotificationLanguage { NotificationLanguage(rawValue: language.rawValue) ?? .en }

    /// A job was filed into `outbox/` or `failed/`; `record` is the record's path as the console shows
    /// it. `summary` comes from the result, or from the record written before a restart.
    func filed(name: String, summary: RecordSummary, record: String, workflowFolder: String? = nil) {
        unwritable.clear()
        let l = language
        let event: NotificationEvent
        if let failure = summary.failure {
            event = NotificationEvent(
                kind: .failed,
                text: l.pick(en: "\(name) in \(folder) failed (\(failure.kind.rawValue)): \(failure.message)",
                             zh: "\(folder) 中的 \(name) 失败（\(failure.kind.rawValue)）：\(failure.message)"),
                language: notificationLanguage, file: name, folder: folder, status: "failed",
                failure: .init(kind: failure.kind.rawValue, message: failure.message), executeID: summary.executeID,
                logID: summary.logID, recordPath: record)
        } else if summary.status == JobResult.Status.needsInput.rawValue {
            let question = summary.question ?? ""
            let answer = Self.answerFileName(record: record)
            event = NotificationEvent(
                kind: .needsInput,
                text: l.pick(en: "\(name) in \(folder) waits for an answer: \(question) Fill in \(answer) and drop it back into the folder.",
                             zh: "\(folder) 中的 \(name) 正在等待回答：\(question) 请填写 \(answer) 并放回文件夹。"),
                language: notificationLanguage, file: name, folder: folder, status: summary.status,
                executeID: summary.executeID, logID: summary.logID, recordPath: record)
        } else {
            event = NotificationEvent(
                kind: .succeeded,
                text: l.pick(en: "\(name) in \(folder) succeeded.", zh: "\(folder) 中的 \(name) 已成功。"),
                language: notificationLanguage, file: name, folder: folder, status: summary.status,
                executeID: summary.executeID, logID: summary.logID, recordPath: record)
        }
        post(event, workflowFolder: workflowFolder)
    }

    /// The result of `name` could not be written (a full or read-only disk, a share gone): said once
    /// as an `agent_problem` until a job is filed again, so a broken disk is not one message per job.
    func resultsUnwritable(name: String, reason: String) {
        guard unwritable.note() else { return }
        problem(language.pick(
            en: "results cannot be written (\(reason)); the result of \(name) and any after it are kept by the agent and written as soon as possible. Check that the disk or share has space and can be written to.",
            zh: "结果无法写入（\(reason)）；\(name) 及之后的结果由代理保留，一有可能就写入。请检查磁盘或共享是否有空间、是否可写。"))
    }

    /// A batch (a table in a workflow folder) was filed with its results table; `output` holds its
    /// counts (`rows`, `succeeded`, `failed`, and `tokens` when the rows' answers had usage).
    func batchDone(name: String, output: JSONValue?, results: String, workflowFolder: String? = nil) {
        let rows = output?["rows"]?.integerValue ?? 0
        let succeeded = output?["succeeded"]?.integerValue ?? 0
        let failed = output?["failed"]?.integerValue ?? 0
        let tokens = output?["tokens"]?.integerValue.flatMap { $0 > 0 ? $0 : nil }
        var counts = ["rows": rows, "succeeded": succeeded, "failed": failed]
        counts["tokens"] = tokens
        let used = tokens.map { language.pick(en: " \($0) tokens used.", zh: "用了 \($0) 个 token。") } ?? ""
        post(NotificationEvent(
            kind: .batchDone,
            text: language.pick(en: "\(name) in \(folder) is done: \(succeeded) of \(rows) rows succeeded, \(failed) failed.\(used) Results: \(results)",
                                zh: "\(folder) 中的 \(name) 已完成：\(rows) 行中 \(succeeded) 行成功，\(failed) 行失败。\(used)结果：\(results)"),
            language: notificationLanguage, file: name, folder: folder, status: "done", recordPath: results,
            counts: counts), workflowFolder: workflowFolder)
    }

    /// The answer file next to a record (`a.response.json` → `a.answer.json`).
    static func answerFileName(record: String) -> String {
        let last = record.split(separator: "/").last.map(String.init) ?? record
        return last.hasSuffix(".response.json") ? String(last.dropLast(".response.json".count)) + ".answer.json" : last
    }

    /// The agent cannot get on with its work (inbox unreachable, no valid token, daily limit…).
    func problem(_ message: String) {
        dispatcher.post(NotificationEvent(kind: .agentProblem, text: "\(folder): \(message)", language: notificationLanguage, folder: folder))
    }

    func started() {
        dispatcher.post(NotificationEvent(kind: .agentStarted,
                                      text: language.pick(en: "coze-drop started watching \(folder).", zh: "coze-drop 开始监视 \(folder)。"),
                                      language: notificationLanguage, folder: folder))
    }

    /// Says the agent stopped, then gives what is queued up to ~2 s to go out and drops the rest.
    func stop() async {
        stopped()
        async let root: Void = dispatcher.finish(grace: .seconds(2))
        await folders.finishAll(grace: .seconds(2))
        await root
    }

    func stopped() {
        dispatcher.post(NotificationEvent(kind: .agentStopped,
                                      text: language.pick(en: "coze-drop stopped watching \(folder).", zh: "coze-drop 已停止监视 \(folder)。"),
                                      language: notificationLanguage, folder: folder))
    }
}
