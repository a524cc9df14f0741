import CozeAPI
import Foundation
import OrderedJSON

/// Checks a request's parameters against what Coze says the workflow takes, before a run is paid
/// for. Conservative: only what would certainly fail is a problem — a name the workflow does not
/// have, a required input left out, a value of a kind Coze cannot turn into the input's type (an
/// array for a number, say). A number for a string input is fine: Coze converts it.
public enum ParameterCheck {
    /// Every problem, each a sentence naming the input and the fix; empty when nothing certainly fails.
    public static func problems(in parameters: JSONValue, against info: WorkflowInfo, language: Language = .en) -> [String] {
        guard info.hasInputs, let members = parameters.objectMembers else { return [] }
        let l = language
        let workflow = info.name.isEmpty ? "workflow \(info.workflowID)" : "workflow \(info.workflowID) (\"\(info.name)\")"
        let workflowZH = info.name.isEmpty ? "工作流 \(info.workflowID)" : "工作流 \(info.workflowID)（\"\(info.name)\"）"
        let names = info.inputs.map(\.name)
        let listed = names.isEmpty ? l.pick(en: "it takes no inputs", zh: "它没有输入参数")
            : l.pick(en: "its inputs are \(names.map { "`\($0)`" }.joined(separator: ", "))", zh: "它的输入参数有 \(names.map { "`\($0)`" }.joined(separator: "、"))")
        var problems: [String] = []
        /// Inputs a mistyped name was taken for: not reported again as missing.
        var suggested: Set<String> = []
        for member in members where member.key != "_simulate" {
            guard let input = info.input(named: member.key) else {
                if let guess = suggestion(for: member.key, among: names) {
                    suggested.insert(guess)
                    problems.append(l.pick(
                        en: "`\(member.key)` is not an input of \(workflow); did you mean `\(guess)`? Rename it in `parameters` (\(listed)).",
                        zh: "`\(member.key)` 不是\(workflowZH)的输入参数；你是不是想写 `\(guess)`？请在 `parameters` 中改名（\(listed)）。"))
                } else {
                    problems.append(l.pick(
                        en: "`\(member.key)` is not an input of \(workflow); remove it from `parameters` or correct its name (\(listed)).",
                        zh: "`\(member.key)` 不是\(workflowZH)的输入参数；请从 `parameters` 中删除它或改正名字（\(listed)）。"))
                }
                continue
            }
            if let mismatch = mismatch(member.value, expected: input.type, items: input.items) {
                problems.append(l.pick(
                    en: "`\(member.key)` must be \(kind(input.typeDescription, .en)) for \(workflow), but it is \(mismatch.typeDescription)\(fileAdvice(input, .en)). Change its value in `parameters`.",
                    zh: "`\(member.key)` 在\(workflowZH)中必须是\(kind(input.typeDescription, .zh))，但它是\(chinese(mismatch))\(fileAdvice(input, .zh))。请修改 `parameters` 中它的值。"))
            }
        }
        for input in info.inputs where input.required && input.defaultValue == nil && !suggested.contains(input.name)
            && !members.contains(where: { $0.key == input.name }) {
            let about = input.description.isEmpty ? "" : l.pick(en: ": \(input.description)", zh: "：\(input.description)")
            problems.append(l.pick(
                en: "The required input `\(input.name)` (\(input.typeDescription)\(about)) of \(workflow) is missing. Add it to `parameters`.",
                zh: "缺少\(workflowZH)的必填输入参数 `\(input.name)`（\(input.typeDescription)\(about)）。请把它加到 `parameters` 中。"))
        }
        return problems
    }

    /// The known name a mistyped one was meant to be, ignoring case.
    static func suggestion(for name: String, among names: [String]) -> String? {
        if let same = names.first(where: { $0.lowercased() == name.lowercased() }) { return same }
        guard let lowered = FieldSuggestion.closest(to: name, among: names.map { $0.lowercased() }) else { return nil }
        return names.first { $0.lowercased() == lowered }
    }

    /// The value, or the part of it, that Coze certainly cannot take as `expected`; `nil` when it may.
    static func mismatch(_ value: JSONValue, expected: String, items: WorkflowInputShape? = nil) -> JSONValue? {
        if value.isNull { return nil }
        switch expected {
        case "integer", "number", "float":
            switch value {
            case .number: return nil
            case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces)) == nil ? value : nil
            default: return value
            }
        case "boolean":
            switch value {
            case .bool, .number: return nil
            case .string(let text): return ["true", "false"].contains(text.trimmingCharacters(in: .whitespaces).lowercased()) ? nil : value
            default: return value
            }
        case "array":
            switch value {
            case .array(let elements):
                guard let items else { return nil }
                return elements.lazy.compactMap { mismatch($0, expected: items.type, items: items.items.first) }.first
            case .string(let text): return text.trimmingCharacters(in: .whitespaces).hasPrefix("[") ? nil : value
            default: return value
            }
        case "object":
            switch value {
            case .object: return nil
            case .string(let text): return text.trimmingCharacters(in: .whitespaces).hasPrefix("{") ? nil : value
            default: return value
            }
        case let type where WorkflowInput.isFileType(type):
            switch value {
            case .object(let members): return members.contains { $0.key == "$file" || $0.key == "file_id" } ? nil : value
            case .string(let text): return isFileReference(text) ? nil : value
            default: return value
            }
        default:
            // `string`, and types this check does not know: Coze converts or decides.
            return nil
        }
    }

    /// A URL, or an uploaded file's `{"file_id":"…"}` text.
    static func isFileReference(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") { return trimmed.contains("file_id") }
        let lowered = trimmed.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    private static func kind(_ type: String, _ language: Language) -> String {
        switch (type, language) {
        case ("integer", .en): "a whole number"
        case ("integer", .zh): "整数"
        case ("number", .en), ("float", .en): "a number"
        case ("number", .zh), ("float", .zh): "数字"
        case ("boolean", .en): "true or false"
        case ("boolean", .zh): "true 或 false"
        case ("object", .en): "an object"
        case ("object", .zh): "对象"
        case (let other, .en) where other.hasPrefix("array"): "an array (\(other))"
        case (let other, .zh) where other.hasPrefix("array"): "数组（\(other)）"
        case (let other, .en): WorkflowInput.isFileType(other) ? "a file (\(other))" : other
        case (let other, .zh): WorkflowInput.isFileType(other) ? "文件（\(other)）" : other
        }
    }

    private static func fileAdvice(_ input: WorkflowInput, _ language: Language) -> String {
        guard input.isFile || WorkflowInput.isFileType(input.items?.type ?? "") else { return "" }
        return language.pick(
            en: "; pass a file as {\"$file\": \"photo.jpg\"} (dropped next to the request), a public URL, or an uploaded file's {\"file_id\":\"…\"} text",
            zh: "；文件可以写成 {\"$file\": \"photo.jpg\"}（与请求放在一起的文件）、公开 URL，或已上传文件的 {\"file_id\":\"…\"} 文字")
    }

    private static func chinese(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "true/false"
        case .number: "数字"
        case .string: "字符串"
        case .array: "数组"
        case .object: "对象"
        }
    }
}
