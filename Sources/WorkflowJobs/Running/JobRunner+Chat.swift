import CozeAPI
import OrderedJSON

extension Job {
    /// A chatflow: one `POST /v1/workflows/chat` stream, journaled and retried only where safe like
    /// a streamed run; its answer text goes to `streamText` as it arrives.
    mutating func runChat() async -> JobOutcome {
        let chat = request.chat ?? ChatRequest(messages: [])
        result.request = CozeClient.chatBody(request.invocation, messages: chat.messages, conversationID: chat.conversationID)
        result.continues = chat.continues ?? result.continues
        if let problem = chatProblem(chat) {
            result.error = JobFailure(kind: .invalidRequest, message: problem)
            return finished()
        }
        var transcript = ChatTranscript()
        let live = streamText
        let sent = await send { [runner, request] () async throws(CozeFailure) -> CozeClient.StreamEnd in
            transcript = ChatTranscript()
            return try await runner.client.chat(request.invocation, messages: chat.messages, conversationID: chat.conversationID,
                                                idleTimeout: runner.streamIdleTimeout) { event in
                if let text = transcript.take(event) { live?(text) }
            }
        }
        let end: CozeClient.StreamEnd
        switch sent {
        case .answered(let answer): end = answer
        case .ended(let outcome):
            guard case .finished(var ended) = outcome else { return outcome }
            if !transcript.events.isEmpty { ended.chatTranscript = transcript }
            return .finished(ended)
        }
        result.chatTranscript = transcript
        result.logid = end.logid ?? result.logid
        result.usage = transcript.usage ?? result.usage
        result.debugURL = transcript.debugURL ?? result.debugURL
        result.executeID = DebugLink.executeID(in: transcript.debugURL) ?? result.executeID
        let l = runner.language
        switch transcript.ending {
        case .completed?:
            result.output = .string(transcript.answer)
            result.status = .success
        case .needsInput?:
            result.status = .needsInput
        case .failed(let code, let message)?, .error(let code, let message)?:
            let shown = code ?? l.pick(en: "none", zh: "无")
            result.error = JobFailure(kind: .workflowFailed, message: l.pick(
                en: "The chatflow ran and failed (error code \(shown)): \"\(message)\". Look at the events in this record to see how far it got; the debug link or the run history in Coze shows which node failed.",
                zh: "对话流运行了，但失败了（错误码 \(shown)）：\"\(message)\"。查看这条记录中的事件可以知道运行到了哪里；调试链接或 Coze 中的运行历史会显示哪个节点失败。"),
                code: code.flatMap { Int($0) })
        case nil:
            let how = end.endedInsideEvent ? "broke off in the middle of an event" : "ended before the chat completed, failed or asked for input"
            let howZH = end.endedInsideEvent ? "在一个事件中间断开" : "在对话完成、失败或请求输入之前就结束了"
            result.error = JobFailure(kind: .network, message: l.pick(
                en: "The chat's stream \(how), so the chat's end is unknown. The chatflow may have run; check its conversation in Coze before dropping the request again (the events received are in this record).",
                zh: "对话的事件流\(howZH)，无法得知对话的结果。对话流可能已经运行；再次放入请求前，请先在 Coze 中查看会话（已收到的事件保存在这条记录中）。"))
        }
        return finished()
    }

    /// What the service needs that the request lacks: the hosted Coze wants `bot_id` or `app_id`;
    /// Coze Studio wants `conversation_id` or a `CONVERSATION_NAME` parameter.
    func chatProblem(_ chat: ChatRequest) -> String? {
        let l = runner.language
        if chat.messages.isEmpty {
            return l.pick(en: "A chat needs the user's message: add \"message\": \"Hello\".", zh: "对话需要用户的消息：请加上 \"message\": \"你好\"。")
        }
        switch runner.client.service {
        case .coze where request.invocation.botID == nil && request.invocation.appID == nil:
            return l.pick(
                en: "Coze runs a chatflow only for an app or an agent: add \"app_id\" (the app the chatflow belongs to, from its address in Coze) or \"bot_id\" (an agent that uses it), then drop the request again.",
                zh: "Coze 只在应用或智能体中运行对话流：请加上 \"app_id\"（对话流所属应用的 ID，见 Coze 中的地址）或 \"bot_id\"（使用它的智能体的 ID），然后重新放入请求。")
        case .studio where chat.conversationID == nil && request.invocation.parameters["CONVERSATION_NAME"] == nil:
            return l.pick(
                en: "Coze Studio runs a chatflow in a named conversation: add \"conversation_id\", or a \"CONVERSATION_NAME\" in `parameters` (e.g. \"CONVERSATION_NAME\": \"Default\"), then drop the request again.",
                zh: "Coze Studio 在指定的会话中运行对话流：请加上 \"conversation_id\"，或在 `parameters` 中加上 \"CONVERSATION_NAME\"（例如 \"CONVERSATION_NAME\": \"Default\"），然后重新放入请求。")
        default:
            return nil
        }
    }
}
