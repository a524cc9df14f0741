import CozeAPI
import HotFolders
import OrderedJSON
import WorkflowJobs

/// The request a file dropped into a workflow folder stands for, from the folder's `workflow.json`.
/// Pure: the store reads the files and hands their text here.
public enum DroppedFileRequest {
    public enum Outcome: Sendable, Equatable {
        /// The request document, to be parsed like a request file.
        case request(JSONValue)
        /// The file fits no setting of the folder: why, and which setting to set.
        case refused(String)
    }

    /// The run for a dropped file `name` in folder `folder`: its text (for `.txt`/`.md`, when
    /// `text_parameter` is set) or the file itself (`file_parameter`, as `{"$file": name}`), its
    /// name without ending in `name_parameter`, with the fixed `parameters`.
    public static func outcome(for name: String, in folder: String, text: String?, settings: WorkflowFolderSettings,
                               language l: Language) -> Outcome {
        var parameters = settings.parameters
        func set(_ key: String, _ value: JSONValue) {
            parameters.removeAll { $0.key == key }
            parameters.append(JSONMember(key: key, value: value))
        }
        if let key = settings.nameParameter { set(key, .string(DroppedName.stem(name))) }
        let kind = DroppedName.kind(of: name)
        if kind == .text, let key = settings.textParameter, let text {
            set(key, .string(text))
        } else if let key = settings.fileParameter {
            set(key, .object([JSONMember(key: "$file", value: .string(name))]))
        } else if kind == .text {
            return .refused(l.pick(
                en: "inbox/\(folder)/workflow.json sets neither `text_parameter` nor `file_parameter`, so the text of \"\(name)\" has no workflow input to go into. Set \"text_parameter\" to the name of the workflow's text input (README.txt in that folder lists the inputs), then drop the file again.",
                zh: "inbox/\(folder)/workflow.json 既没有设置 `text_parameter` 也没有设置 `file_parameter`，所以 \"\(name)\" 的文字没有可放入的工作流输入。请把 \"text_parameter\" 设为工作流文本输入的参数名（该文件夹的 README.txt 列出了输入），然后重新放入文件。"))
        } else {
            return .refused(l.pick(
                en: "inbox/\(folder)/workflow.json has no `file_parameter`, so \"\(name)\" has no workflow input to go into. Set \"file_parameter\" to the name of the workflow's file input (README.txt in that folder lists the inputs), then drop the file again.",
                zh: "inbox/\(folder)/workflow.json 没有设置 `file_parameter`，所以 \"\(name)\" 没有可放入的工作流输入。请把 \"file_parameter\" 设为工作流文件输入的参数名（该文件夹的 README.txt 列出了输入），然后重新放入文件。"))
        }
        return .request(.object([
            JSONMember(key: "workflow_id", value: .string(settings.workflowID)),
            JSONMember(key: "mode", value: .string(settings.mode.rawValue)),
            JSONMember(key: "parameters", value: .object(parameters)),
        ]))
    }

    /// A `.json` request dropped into a workflow folder, with `workflow.json` as its defaults: its own
    /// fields win, and its parameters win over the fixed ones key by key. A document that is not
    /// an object is returned as it is (the parser says what is wrong with it).
    public static func merged(_ document: JSONValue, settings: WorkflowFolderSettings) -> JSONValue {
        guard var members = document.objectMembers else { return document }
        func has(_ key: String) -> Bool { members.contains { $0.key == key } }
        if !has("workflow_id") && !has("bot_id") {
            members.insert(JSONMember(key: "workflow_id", value: .string(settings.workflowID)), at: 0)
        }
        if !has("mode") && !has("is_async") {
            members.append(JSONMember(key: "mode", value: .string(settings.mode.rawValue)))
        }
        if let index = members.firstIndex(where: { $0.key == "parameters" }) {
            if case .object(let own) = members[index].value {
                let fixed = settings.parameters.filter { fixed in !own.contains { $0.key == fixed.key } }
                members[index].value = .object(fixed + own)
            }
        } else if !settings.parameters.isEmpty && !has("resume") {
            // An answer file carries no parameters: the run it continues has them.
            members.append(JSONMember(key: "parameters", value: .object(settings.parameters)))
        }
        return .object(members)
    }

    /// `merged` on a request file's bytes; bytes that are not a JSON object are returned as they are.
    public static func mergedBytes(_ bytes: [UInt8], settings: WorkflowFolderSettings, language: Language) -> [UInt8] {
        guard let decoded = try? RequestTextDecoder.decode(bytes, language: language),
              let document = try? JSONParser(rejectsDuplicateKeys: true).parse(bytes: decoded.utf8),
              document.objectMembers != nil else { return bytes }
        return JSONWriter().bytes(from: merged(document, settings: settings))
    }

    /// Just the answer, when the workflow answers text: the output itself when it is text, or its
    /// one text field (or its `output` field) when it is an object; `nil` otherwise.
    public static func outputText(of output: JSONValue?) -> String? {
        switch output {
        case .string(let text)?:
            return text
        case .object(let members)?:
            if members.count == 1, case .string(let text) = members[0].value { return text }
            if case .string(let text)? = members.first(where: { $0.key == "output" })?.value { return text }
            return nil
        default:
            return nil
        }
    }
}
