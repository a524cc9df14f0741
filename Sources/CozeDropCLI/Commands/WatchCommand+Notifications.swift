import CozeAPI
import DropFolder
import Foundation
import Notifications

extension WatchCommand {
    /// The chat notifications of coze-drop.json's `notify` and of the workflow folders' `notify` in
    /// their workflow.json, sent through their own URLSession transport; their log lines (redacted:
    /// no URL or secret) go to the console.
    func notifications(settings: FolderSettings, root: String, language: Language, events: any EventSink) throws(UsageError) -> AgentNotifier? {
        let targets: [NotificationTarget]
        do {
            targets = try settings.notify.map(NotificationTarget.targets(fromNotify:)) ?? []
        } catch {
            throw UsageError("\(root)/\(FolderSettings.fileName): " + language.pick(en: error.message, zh: error.chinese))
        }
        // Always made: a workflow folder may have targets of its own even when the root has none.
        let transport = URLSessionTransport(maximumConnections: 4).transport
        let log: @Sendable (String) -> Void = { line in events.record(.warning(line)) }
        let dispatcher = NotificationDispatcher(targets: targets, transport: transport, log: log)
        let folder = URL(fileURLWithPath: root).standardizedFileURL.lastPathComponent
        return AgentNotifier(dispatcher: dispatcher, language: language, folder: folder,
                             makeDispatcher: { targets in NotificationDispatcher(targets: targets, transport: transport, log: log) })
    }
}
