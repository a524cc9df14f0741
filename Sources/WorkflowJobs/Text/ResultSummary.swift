import CozeAPI
import OrderedJSON

/// The short human summary written next to each record (`NAME.result.txt`): what happened in one
/// sentence, the workflow's output laid out to read (text as text, anything else as indented
/// JSON), the debug link, and what to do next after a failure or a question.
public enum ResultSummary {
    public static func text(for result: JobResult, sourceFile: String, record: String, answerFile: String?, language: Language) -> String {
        let l = language
        var lines: [String] = []
        let duration = seconds(result.duration)
        switch result.status {
        case .success:
            lines.append(l.pick(en: "✔ Done: \(sourceFile) ran successfully in \(duration) s.",
                                zh: "✔ 完成：\(sourceFile) 运行成功，用时 \(duration) 秒。"))
            lines.append("")
            lines.append(l.pick(en: "Output:", zh: "输出："))
            lines.append(readable(result.output))
            if let trimmed = result.trimmedOutput {
                lines.append("")
                lines.append(trimmed.problem ?? l.pick(
                    en: "Coze cut this output (over 1 MB); the whole output of \(trimmed.completed.joined(separator: ", ")) was fetched and is in the record.",
                    zh: "Coze 截断了这个输出（超过 1 MB）；已获取 \(trimmed.completed.joined(separator: "、")) 的完整输出，保存在记录中。"))
            }
        case .needsInput where result.mode == .chat:
            lines += chatQuestion(result, sourceFile: sourceFile, answerFile: answerFile, language: l)
        case .needsInput:
            let question = result.question
            lines.append(l.pick(en: "? \(sourceFile): the workflow asks a question and waits for your answer.",
                                zh: "? \(sourceFile)：工作流提出了一个问题，正在等待你的回答。"))
            lines.append("")
            let title = question?.nodeTitle ?? ""
            lines.append(l.pick(en: "Question\(title.isEmpty ? "" : " (\(title))"): \(question?.text ?? "")",
                                zh: "问题\(title.isEmpty ? "" : "（\(title)）")：\(question?.text ?? "")"))
            lines.append("")
            let answer = answerFile ?? "NAME.answer.json"
            let left = question?.resumesLeft ?? 0
            if let fields = question?.fieldNames, !fields.isEmpty {
                lines.append(l.pick(en: "Fields wanted: \(fields.joined(separator: ", ")).", zh: "需要填写的字段：\(fields.joined(separator: "、"))。"))
            }
            lines.append(l.pick(
                en: "How to answer: open \(answer), write your answer between the quotes after \"answer\" (or {\"$file\": \"NAME\"} for a file you drop next to it), and save it into the inbox folder. Coze takes \(left) more answer(s) for this run.",
                zh: "如何回答：打开 \(answer)，在 \"answer\" 后面的引号中写上回答（如果回答是文件，写 {\"$file\": \"文件名\"} 并把文件放在旁边），然后保存到收件箱（inbox）文件夹。这次运行还能接受 \(left) 次回答。"))
        case .failed:
            let kind = result.error?.kind ?? .network
            lines.append(l.pick(en: "✘ Failed: \(sourceFile) — \(headline(kind, .en)).", zh: "✘ 失败：\(sourceFile)——\(headline(kind, .zh))。"))
            lines.append("")
            if let code = result.error?.code, kind == .api || kind == .workflowFailed {
                lines.append(l.pick(en: "Coze's code: \(code).", zh: "Coze 错误码：\(code)。\(CozeErrorAdvice.advice(for: code, language: .zh))"))
            }
            if let message = result.error?.message {
                lines.append(l.pick(en: "What happened: \(message)", zh: "详细说明：\(message)"))
                lines.append("")
            }
            lines.append(l.pick(en: "What to do next: \(nextStep(kind, .en))", zh: "下一步：\(nextStep(kind, .zh))"))
        }
        lines.append("")
        if let retryOf = result.retryOf {
            lines.append(l.pick(en: "This run was a retry of \(retryOf) (the earlier attempt's record).", zh: "这次运行是对 \(retryOf)（上一次尝试的记录）的重试。"))
        }
        if let debugURL = result.debugURL { lines.append(l.pick(en: "Debug link: \(debugURL)", zh: "调试链接：\(debugURL)")) }
        if let logid = result.logid { lines.append(l.pick(en: "Log id (for Coze support): \(logid)", zh: "日志 ID（联系 Coze 客服时提供）：\(logid)")) }
        lines.append(l.pick(en: "Full record: \(record)", zh: "完整记录：\(record)"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text as text (a text-mode End node's `data`, a history's `Output`, a lone `output` string
    /// unwrapped); anything else as indented JSON.
    static func readable(_ output: JSONValue?) -> String {
        guard let output else { return "(none)" }
        if let text = output.readableText { return text }
        return JSONWriter(prettyPrinted: true).string(from: output)
    }

    static func headline(_ kind: JobFailure.Kind, _ language: Language) -> String {
        switch kind {
        case .invalidRequest: language.pick(en: "the request file has a problem, so nothing was sent to Coze", zh: "请求文件有问题，没有发送给 Coze")
        case .http: language.pick(en: "Coze's server answered with an error page", zh: "Coze 服务器返回了错误页面")
        case .api: language.pick(en: "Coze refused the request", zh: "Coze 拒绝了这个请求")
        case .workflowFailed: language.pick(en: "the workflow ran and failed", zh: "工作流运行了，但失败了")
        case .timeout: language.pick(en: "Coze did not answer in time", zh: "Coze 没有及时回答")
        case .network: language.pick(en: "the connection to Coze broke", zh: "与 Coze 的连接中断了")
        case .interrupted: language.pick(en: "CozeDrop was stopped before the run's end was known", zh: "CozeDrop 在得知运行结果之前被停止了")
        case .cancelled: language.pick(en: "the run was cancelled on the server", zh: "运行在服务器端被取消了")
        case .noToken: language.pick(en: "no valid token could be had, so nothing was sent to Coze", zh: "无法获得有效的令牌，没有发送给 Coze")
        }
    }

    static func nextStep(_ kind: JobFailure.Kind, _ language: Language) -> String {
        switch kind {
        case .invalidRequest:
            language.pick(en: "fix the file as the message says (the request is here next to this summary), then save it into the inbox again.",
                          zh: "按上面的说明修改文件（请求文件就在这份说明旁边），然后重新保存到收件箱。")
        case .http, .network:
            language.pick(en: "check the network and Coze's status; then check the workflow's run history in Coze before dropping the request again, so it does not run twice.",
                          zh: "检查网络和 Coze 的状态；再次放入请求前，先在 Coze 中查看工作流的运行历史，避免重复运行。")
        case .api:
            language.pick(en: "follow the advice in the message (a wrong id, token or parameter, or a quota); then drop the request again.",
                          zh: "按照上面的建议处理（工作流 ID、令牌、参数或额度有误）；然后重新放入请求。")
        case .workflowFailed:
            language.pick(en: "open the debug link to see which node failed, fix the workflow or its inputs, then drop the request again.",
                          zh: "打开调试链接查看哪个节点失败，修正工作流或输入，然后重新放入请求。")
        case .timeout:
            language.pick(en: "the workflow may still be running: check its run history in Coze before dropping the request again.",
                          zh: "工作流可能仍在运行：再次放入请求前，先在 Coze 中查看运行历史。")
        case .interrupted:
            language.pick(en: "check the workflow's run history in Coze: if it did not run, drop the request again.",
                          zh: "在 Coze 中查看工作流的运行历史：如果没有运行，再把请求放入收件箱。")
        case .noToken:
            language.pick(en: "fix the token's source as the message says (run `coze-drop token` to check it), then run the request again.",
                          zh: "按上面的说明修正令牌来源（用 `coze-drop token` 检查），然后重新运行请求。")
        case .cancelled:
            language.pick(en: "if the run should go on, drop the request again.", zh: "如果仍需运行，请重新放入请求。")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        String(Double(Int(duration.inSeconds * 10)) / 10)
    }
}
