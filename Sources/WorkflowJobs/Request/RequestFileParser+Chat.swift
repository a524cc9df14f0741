import Foundation
import CozeAPI
import OrderedJSON

extension RequestFileParser {
    /// Fields only a chat request (`"mode": "chat"`) has.
    static let chatFields = ["message", "additional_messages", "conversation_id"]
    /// The fields of one `additional_messages` entry, as Coze spells them.
    static let chatMessageFields = ["role", "content_type", "content"]
}

extension Fields {
    /// The chat part of a request: its messages and conversation for `"mode": "chat"`; for any other
    /// mode, a problem for each chat-only field.
    mutating func chat(mode: RunMode?, hasResume: Bool) -> ChatRequest? {
        guard mode == .chat else {
            if mode != nil {
                for key in RequestFileParser.chatFields where has(key) {
                    problem("`\(key)` is only used with \"mode\": \"chat\" (a chatflow); add \"mode\": \"chat\", or remove `\(key)`.",
                            zh: "`\(key)` 只用于 \"mode\": \"chat\"（对话流）；请加上 \"mode\": \"chat\"，或删除 `\(key)`。")
                }
            }
            return nil
        }
        if hasResume {
            problem("A chat is not answered with `resume`: write the answer into `message` and keep `conversation_id`, as in the answer file the agent wrote. Remove `resume`.",
                    zh: "对话不用 `resume` 回答：请把回答写在 `message` 中并保留 `conversation_id`（代理写的回答文件就是这样）。请删除 `resume`。")
        }
        if has("resumes_left") {
            problem("`resumes_left` belongs to answers of \"stream\" or \"sync\" runs, not to a chat; remove it.",
                    zh: "`resumes_left` 属于 \"stream\" 或 \"sync\" 运行的回答，不属于对话；请删除它。")
        }
        var messages = history()
        let isAnswer = has("question") || has("continues")
        if let value = value("message") {
            if let text = value.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                messages.append(ChatMessage(content: text))
            } else if value.stringValue != nil {
                if isAnswer {
                    problem("`message` is empty: write your answer to the question between the quotes, e.g. \"message\": \"yes\".",
                            zh: "`message` 是空的：请在引号中写上对问题的回答，例如 \"message\": \"是\"。")
                } else {
                    problem("`message` is empty: write what the user says to the chatflow between the quotes, e.g. \"message\": \"Hello\".",
                            zh: "`message` 是空的：请在引号中写上用户对对话流说的话，例如 \"message\": \"你好\"。")
                }
            } else {
                problem("`message` must be text in quotes, e.g. \"message\": \"Hello\", but it is \(value.typeDescription).",
                        zh: "`message` 必须是带引号的文字，例如 \"message\": \"你好\"，但它是\(Self.chinese(value))。")
            }
        } else if !has("additional_messages") {
            problem("A chat needs the user's message: add \"message\": \"Hello\" (or `additional_messages` as Coze spells them).",
                    zh: "对话需要用户的消息：请加上 \"message\": \"你好\"（或按 Coze 的写法使用 `additional_messages`）。")
        } else if let last = messages.last, last.role != "user" {
            problem("The last of `additional_messages` must have \"role\": \"user\" (it is the user's new message), but it is \"\(last.role)\". Add the user's message at the end, or add \"message\".",
                    zh: "`additional_messages` 的最后一条必须是 \"role\": \"user\"（它是用户的新消息），但它是 \"\(last.role)\"。请在最后加上用户的消息，或加上 \"message\"。")
        }
        let conversationID = identifier("conversation_id", required: false, digitsOnly: false)
        if let question = value("question"), question.stringValue == nil {
            problem("`question` is the question's text the agent wrote; leave it as it was (text in quotes).",
                    zh: "`question` 是代理写的问题文字；请保持原样（带引号的文字）。")
        }
        let continues = value("continues")?.stringValue
        return ChatRequest(messages: messages, conversationID: conversationID, continues: continues)
    }

    /// `additional_messages`: `{role, content_type, content}` objects, checked field by field.
    private mutating func history() -> [ChatMessage] {
        guard let value = value("additional_messages") else { return [] }
        let example = "[{\"role\": \"user\", \"content_type\": \"text\", \"content\": \"Hello\"}]"
        guard let items = value.arrayValue, !items.isEmpty else {
            problem("`additional_messages` must be a list of messages like \(example), but it is \(value.arrayValue == nil ? value.typeDescription : "empty").",
                    zh: "`additional_messages` 必须是消息列表，例如 \(example)，但它是\(value.arrayValue == nil ? Self.chinese(value) : "空的")。")
            return []
        }
        if items.count > 50 {
            problem("`additional_messages` has \(items.count) messages; Coze takes at most 50. Drop the oldest.",
                    zh: "`additional_messages` 有 \(items.count) 条消息；Coze 最多接受 50 条。请删掉最早的几条。")
        }
        var messages: [ChatMessage] = []
        for (index, item) in items.enumerated() {
            let field = "additional_messages[\(index)]"
            guard let entries = item.objectMembers else {
                problem("`\(field)` must be an object like {\"role\": \"user\", \"content_type\": \"text\", \"content\": \"Hello\"}, but it is \(item.typeDescription).",
                        zh: "`\(field)` 必须是对象，例如 {\"role\": \"user\", \"content_type\": \"text\", \"content\": \"你好\"}，但它是\(Self.chinese(item))。")
                continue
            }
            for entry in entries where !RequestFileParser.chatMessageFields.contains(entry.key) {
                let suggestion = FieldSuggestion.closest(to: entry.key, among: RequestFileParser.chatMessageFields)
                problem("Unknown field `\(field).\(entry.key)`" + (suggestion.map { " — did you mean `\($0)`?" } ?? "; a message has role, content_type and content."),
                        zh: "未知字段 `\(field).\(entry.key)`" + (suggestion.map { "——是不是 `\($0)`？" } ?? "；消息包含 role、content_type 和 content。"))
            }
            let role = item["role"]?.stringValue ?? ""
            if !["user", "assistant"].contains(role) {
                problem("`\(field).role` must be \"user\" or \"assistant\", but it is \(item["role"].map(Self.show) ?? "missing").",
                        zh: "`\(field).role` 必须是 \"user\" 或 \"assistant\"，但它是 \(item["role"].map(Self.show) ?? "缺失的")。")
            }
            guard let content = item["content"]?.stringValue, !content.isEmpty else {
                problem("`\(field).content` must be the message's text in quotes.", zh: "`\(field).content` 必须是带引号的消息文字。")
                continue
            }
            let contentType = item["content_type"]?.stringValue ?? "text"
            messages.append(ChatMessage(role: role, contentType: contentType, content: content))
        }
        return messages
    }
}
