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

    public init(dispatcher: NotificationDispatcher, language: Language, folder: String) {
        self.dispatcher = dispatcher
        self.language = language
        self.folder = folder
    }

    var notificationLanguage: NotificationLanguage { NotificationLanguage(rawValue: language.rawValue) ?? .en }

    /// A job was filed into `outbox/` or `failed/`; `record` is the record's path as the console shows it.
    func filed(name: String, result: JobResult?, failure: JobFailure?, record: String, executeID: String?) {
        let l = language
        if let failure {
            dispatcher.post(NotificationEvent(
                kind: .failed,
                text: l.pick(en: "\(name) in \(folder) failed (\(failure.kind.rawValue)): \(failure.message)",
                             zh: "\(folder) 中的 \(name) 失败（\(failure.kind.rawValue)）：\(failure.message)"),
                language: notificationLanguage, file: name, folder: folder, status: "failed",
                failure: .init(kind: failure.kind.rawValue, message: failure.message), executeID: executeID,
                logID: result?.logid, recordPath: record))
        } else if let result, result.status == .needsInput {
            let question = result.question?.text ?? ""
            let answer = Self.answerFileName(record: record)
            dispatcher.post(NotificationEvent(
                kind: .needsInput,
                text: l.pick(en: "\(name) in \(folder) waits for an answer: \(question) Fill in \(answer) and drop it back into the folder.",
                             zh: "\(folder) 中的 \(name) 正在等待回答：\(question) 请填写 \(answer) 并放回文件夹。"),
                language: notificationLanguage, file: name, folder: folder, status: result.status.rawValue,
                executeID: executeID, logID: result.logid, recordPath: record))
        } else {
            dispatcher.post(NotificationEvent(
                kind: .succeeded,
                text: l.pick(en: "\(name) in \(folder) succeeded.", zh: "\(folder) 中的 \(name) 已成功。"),
                language: notificationLanguage, file: name, folder: folder, status: result?.status.rawValue ?? "success",
                executeID: executeID, logID: result?.logid, recordPath: record))
        }
    }

    /// A batch (a table in a workflow folder) was filed with its results table; `output` holds its
    /// counts (`rows`, `succeeded`, `failed`).
    func batchDone(name: String, output: JSONValue?, results: String) {
        let rows = output?["rows"]?.integerValue ?? 0
        let succeeded = output?["succeeded"]?.integerValue ?? 0
        let failed = output?["failed"]?.integerValue ?? 0
        dispatcher.post(NotificationEvent(
            kind: .batchDone,
            text: language.pick(en: "\(name) in \(folder) is done: \(succeeded) of \(rows) rows succeeded, \(failed) failed. Results: \(results)",
                                zh: "\(folder) 中的 \(name) 已完成：\(rows) 行中 \(succeeded) 行成功，\(failed) 行失败。结果：\(results)"),
            language: notificationLanguage, file: name, folder: folder, status: "done", recordPath: results,
            counts: ["rows": rows, "succeeded": succeeded, "failed": failed]))
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
        await dispatcher.finish(grace: .seconds(2))
    }

    func stopped() {
        dispatcher.post(NotificationEvent(kind: .agentStopped,
                                      text: language.pick(en: "coze-drop stopped watching \(folder).", zh: "coze-drop 已停止监视 \(folder)。"),
                                      language: notificationLanguage, folder: folder))
    }
}
