import CozeAPI
import Foundation
import Notifications
import OrderedJSON

/// `notify` in a workflow folder's `workflow.json`: chat groups told about this folder's jobs and
/// batches, besides the root's. Checked by the same rules and words as `coze-drop.json`'s `notify`.
extension WorkflowFolderSettings {
    /// The targets of a `notify` value, or none (with the problem added in `language`) when it is wrong.
    /// Messages never contain a URL or a secret.
    static func notifyTargets(_ value: JSONValue?, language: Language, problems: inout [String]) -> [NotificationTarget] {
        guard let value, !value.isNull else { return [] }
        do {
            return try NotificationTarget.targets(fromNotify: value)
        } catch {
            problems.append("workflow.json: " + language.pick(en: error.message, zh: error.chinese))
            return []
        }
    }

    /// Targets as a `notify` array (`type`, `url`, then `secret`, `keyword` and `on` when set).
    static func json(_ targets: [NotificationTarget]) -> JSONValue {
        .array(targets.map { target in
            var members = [JSONMember(key: "type", value: .string(target.service.rawValue)),
                           JSONMember(key: "url", value: .string(target.url.absoluteString))]
            if let secret = target.secret { members.append(JSONMember(key: "secret", value: .string(secret))) }
            if let keyword = target.keyword { members.append(JSONMember(key: "keyword", value: .string(keyword))) }
            if target.on != NotificationEvent.Kind.defaultOn {
                let on = NotificationEvent.Kind.allCases.filter(target.on.contains).map { JSONValue.string($0.rawValue) }
                members.append(JSONMember(key: "on", value: .array(on)))
            }
            return .object(members)
        })
    }
}
