import CozeAPI
import DropFolder
import Foundation
import Notifications

extension WatchCommand {
    /// The chat notifications of coze-drop.json's `notify` (`nil` when it has none), sent through
    /// their own URLSession transport; their log lines (redacted: no URL or secret) go to the console.
    func notifications(settings: FolderSettings, root: String, language: Language, events: any EventSink) throws(UsageError) -> AgentNotifier? {
        let targets: [NotificationTarget]
        do {
            targets = try settings.notify.map(NotificationTarget.targets(fromNotify:)) ?? []
        } catch {
            throw UsageError("\(root)/\(FolderSettings.fileName): " + language.pick(en: error.message, zh: error.chinese))
        }
        guard !targets.isEmpty else { return nil }
        let dispatcher = NotificationDispatcher(targets: targets, transport: URLSessionTransport(maximumConnections: 4).transport,
                                                log: { line in events.record(.warning(line)) })
        let folder = URL(fileURLWithPath: root).standardizedFileURL.lastPathComponent
        return AgentNotifier(dispatcher: dispatcher, language: language, folder: folder)
    }
}
