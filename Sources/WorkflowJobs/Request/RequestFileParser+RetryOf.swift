import Foundation
import OrderedJSON

extension Fields {
    /// `retry_of`, written by `coze-drop retry`: the earlier attempt's record, relative to the root
    /// (`failed/a.response.json`). Only carried into the new record and summary; never sent to Coze.
    mutating func retryOf() -> String? {
        guard let value = value("retry_of") else { return nil }
        guard let text = value.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            problem("`retry_of` must be the path of the earlier attempt's record as text, such as \"failed/a.response.json\" (`coze-drop retry` writes it), but it is \(Self.show(value)). Correct it or remove the line.",
                    zh: "`retry_of` 必须是上一次尝试的记录路径（文字），例如 \"failed/a.response.json\"（由 `coze-drop retry` 写入），但它是 \(Self.show(value))。请改正或删除这一行。")
            return nil
        }
        return text
    }
}
