import CozeAPI
import Foundation
import Notifications
import OrderedJSON
import WorkflowJobs

/// The settings of a workflow folder, `inbox/<NAME>/workflow.json`: which workflow runs for what is
/// dropped there, with which fixed parameters, and which input each kind of drop fills.
///
/// ```json
/// {"workflow_id": "7366468917055111111", "mode": "sync", "parameters": {"style": "warm"},
///  "file_parameter": "image", "text_parameter": null, "name_parameter": null, "folder_parameter": null}
/// ```
/// Keys starting with `_` are comments; any other unknown key is an error (with "did you mean").
public struct WorkflowFolderSettings: Sendable, Equatable {
    /// The digits of the workflow's id.
    public var workflowID: String
    /// `sync`, `async` or `stream` (a chatflow cannot run from a folder).
    public var mode: RunMode
    /// Fixed values sent with every run, in file order.
    public var parameters: [JSONMember]
    /// The input a dropped file (a photo, a PDF…) fills, as an uploaded file.
    public var fileParameter: String?
    /// The input a dropped `.txt`/`.md` file's text fills.
    public var textParameter: String?
    /// The input that gets the dropped file's name.
    public var nameParameter: String?
    /// The input a dropped sub-folder fills (its files, as uploaded files).
    public var folderParameter: String?
    /// Chat groups told about this folder's jobs and batches, besides the root's (`coze-drop.json`) targets.
    public var notify: [NotificationTarget]
    /// Tokens a Beijing day may use on this folder's runs (`daily_token_budget`); `nil`: only the root's budget.
    public var dailyTokenBudget: Int?

    public init(workflowID: String, mode: RunMode = .sync, parameters: [JSONMember] = [], fileParameter: String? = nil,
                textParameter: String? = nil, nameParameter: String? = nil, folderParameter: String? = nil, notify: [NotificationTarget] = []) {
        self.workflowID = workflowID
        self.mode = mode
        self.parameters = parameters
        self.fileParameter = fileParameter
        self.textParameter = textParameter
        self.nameParameter = nameParameter
        self.folderParameter = folderParameter
        self.notify = notify
    }

    /// The keys a `workflow.json` may have, in the order they are written.
    public static let keys = ["workflow_id", "mode", "parameters", "file_parameter", "text_parameter", "name_parameter", "folder_parameter", "notify",
                              "daily_token_budget"]

    /// The modes a workflow folder runs in.
    public static let modes: [RunMode] = [.sync, .async, .stream]

    /// The settings as written to `workflow.json`, keys in the documented order, every key present
    /// (`notify` only when the folder has targets of its own).
    public var json: JSONValue {
        func name(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        let members: KeyValuePairs<String, JSONValue> = [
            "workflow_id": .string(workflowID),
            "mode": .string(mode.rawValue),
            "parameters": .object(parameters),
            "file_parameter": name(fileParameter),
            "text_parameter": name(textParameter),
            "name_parameter": name(nameParameter),
            "folder_parameter": name(folderParameter),
        ]
        let notifyMember = notify.isEmpty ? [] : [JSONMember(key: "notify", value: Self.json(notify))]
        let budgetMember = dailyTokenBudget.map { [JSONMember(key: "daily_token_budget", value: .integer($0))] } ?? []
        return .object(members.map { JSONMember(key: $0.key, value: $0.value) } + notifyMember + budgetMember)
    }

    /// `json` as pretty-printed UTF-8 text, ending with a line break.
    public var bytes: [UInt8] { JSONWriter(prettyPrinted: true).bytes(from: json) }

    /// Reads a `workflow.json` (UTF-8, UTF-16 or GBK; a byte-order mark is fine), reporting every
    /// problem at once in `language`.
    public static func parse(bytes: [UInt8], language: Language = .en) throws(WorkflowFolderProblem) -> WorkflowFolderSettings {
        let decoded: RequestTextDecoder.Decoded
        do { decoded = try RequestTextDecoder.decode(bytes, language: language) } catch { throw WorkflowFolderProblem(error.problems) }
        let document: JSONValue
        do {
            document = try JSONParser(rejectsDuplicateKeys: true).parse(bytes: decoded.utf8)
        } catch {
            throw WorkflowFolderProblem(language.pick(
                en: "workflow.json is not valid JSON: \(error.reason) (line \(error.line), column \(error.column)). Fix it, or make it again with `coze-drop init --workflow ID`.",
                zh: "workflow.json 不是有效的 JSON：\(error.reason)（第 \(error.line) 行，第 \(error.column) 列）。请修正，或用 `coze-drop init --workflow ID` 重新生成。"))
        }
        return try validate(document, language: language)
    }

    /// Checks a parsed `workflow.json` document.
    public static func validate(_ document: JSONValue, language l: Language = .en) throws(WorkflowFolderProblem) -> WorkflowFolderSettings {
        let example = #"{"workflow_id": "7366468917055111111", "mode": "sync", "parameters": {}, "file_parameter": "image"}"#
        guard let members = document.objectMembers else {
            throw WorkflowFolderProblem(l.pick(
                en: "workflow.json holds \(document.typeDescription), but it must be a JSON object such as \(example).",
                zh: "workflow.json 中是\(chinese(document))，但它必须是一个 JSON 对象，例如 \(example)。"))
        }
        var problems: [String] = []
        func value(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }

        for member in members where !keys.contains(member.key) && !member.key.hasPrefix("_") {
            if let suggestion = FieldSuggestion.closest(to: member.key, among: keys) {
                problems.append(l.pick(en: "Unknown key `\(member.key)` in workflow.json — did you mean `\(suggestion)`?",
                                       zh: "workflow.json 中有未知的键 `\(member.key)`——是不是 `\(suggestion)`？"))
            } else {
                problems.append(l.pick(
                    en: "Unknown key `\(member.key)` in workflow.json. The keys it may have are \(keys.joined(separator: ", ")); a key starting with `_` is a comment.",
                    zh: "workflow.json 中有未知的键 `\(member.key)`。可以有的键是 \(keys.joined(separator: "、"))；以 `_` 开头的键是注释。"))
            }
        }

        var workflowID: String?
        let idExample = #""workflow_id": "7366468917055111111""#
        switch value("workflow_id") {
        case nil, .null?:
            problems.append(l.pick(en: "`workflow_id` is missing. Copy the digits after workflow_id= in the workflow's address in Coze, e.g. \(idExample).",
                                   zh: "缺少 `workflow_id`。请复制 Coze 中工作流地址里 workflow_id= 后面的数字，例如 \(idExample)。"))
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) {
                workflowID = trimmed
            } else {
                problems.append(l.pick(en: "`workflow_id` must be only digits, but it is \"\(text)\"; write e.g. \(idExample).",
                                       zh: "`workflow_id` 只能是数字，但它是 \"\(text)\"；请写成例如 \(idExample)。"))
            }
        case .number(let literal)? where literal.allSatisfy({ $0.isASCII && $0.isNumber }):
            workflowID = literal
        case let other?:
            problems.append(l.pick(en: "`workflow_id` must be a string of digits, but it is \(other.typeDescription); write e.g. \(idExample).",
                                   zh: "`workflow_id` 必须是数字字符串，但它是\(chinese(other))；请写成例如 \(idExample)。"))
        }

        var mode = RunMode.sync
        let modeChoices = modes.map { "\"\($0.rawValue)\"" }
        switch value("mode") {
        case nil, .null?:
            break
        case .string(let text)? where modes.contains(where: { $0.rawValue == text.lowercased() }):
            mode = RunMode(rawValue: text.lowercased()) ?? .sync
        case let other?:
            let shown = other.stringValue.map { "\"\($0)\"" } ?? other.typeDescription
            problems.append(l.pick(
                en: "`mode` must be \(modeChoices.joined(separator: ", ")) (sync is the usual choice; async for runs longer than a few minutes), but it is \(shown).",
                zh: "`mode` 必须是 \(modeChoices.joined(separator: "、")) 之一（通常用 sync；运行超过几分钟的用 async），但它是 \(shown)。"))
        }

        var parameters: [JSONMember] = []
        switch value("parameters") {
        case nil, .null?:
            break
        case .object(let fixed)?:
            parameters = fixed
        case let other?:
            problems.append(l.pick(en: "`parameters` must be an object of fixed values like {\"style\": \"warm\"}, but it is \(other.typeDescription).",
                                   zh: "`parameters` 必须是由固定值组成的对象，例如 {\"style\": \"warm\"}，但它是\(chinese(other))。"))
        }

        func inputName(_ key: String, _ what: (en: String, zh: String)) -> String? {
            switch value(key) {
            case nil, .null?:
                return nil
            case .string(let text)? where !text.trimmingCharacters(in: .whitespaces).isEmpty:
                return text.trimmingCharacters(in: .whitespaces)
            case let other?:
                let shown = other.stringValue.map { "\"\($0)\"" } ?? other.typeDescription
                problems.append(l.pick(
                    en: "`\(key)` must be the name of the workflow input that \(what.en) (e.g. \"\(key)\": \"image\"), or null; but it is \(shown).",
                    zh: "`\(key)` 必须是\(what.zh)的工作流输入参数名（例如 \"\(key)\": \"image\"），或 null；但它是 \(shown)。"))
                return nil
            }
        }
        let fileParameter = inputName("file_parameter", ("gets a dropped file", "接收放入的文件"))
        let textParameter = inputName("text_parameter", ("gets a dropped .txt/.md file's text", "接收放入的 .txt/.md 文件内容"))
        let nameParameter = inputName("name_parameter", ("gets the dropped file's name", "接收放入文件的文件名"))
        let folderParameter = inputName("folder_parameter", ("gets a dropped sub-folder's files", "接收放入的子文件夹中文件"))

        let notify = notifyTargets(value("notify"), language: l, problems: &problems)
        let budget = dailyTokenBudget(value("daily_token_budget"), language: l, problems: &problems)

        guard problems.isEmpty, let workflowID else { throw WorkflowFolderProblem(problems) }
        var settings = WorkflowFolderSettings(workflowID: workflowID, mode: mode, parameters: parameters, fileParameter: fileParameter,
                                              textParameter: textParameter, nameParameter: nameParameter, folderParameter: folderParameter,
                                              notify: notify)
        settings.dailyTokenBudget = budget
        return settings
    }

    private static func chinese(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "布尔值（true/false）"
        case .number: "数字"
        case .string: "字符串"
        case .array: "数组"
        case .object: "对象"
        }
    }
}
