import OrderedJSON

extension CozeFailure {
    /// Turns whatever a call threw into a failure: a failure as it is, a transport error or a
    /// cancellation classified, anything else as a network failure.
    static func from(_ error: any Error, action: String, timeout: Duration) -> CozeFailure {
        switch error {
        case let failure as CozeFailure: failure
        case let transport as TransportError: from(transport, action: action, timeout: timeout)
        case is CancellationError: from(TransportError(kind: .cancelled, detail: "cancelled"), action: action, timeout: timeout)
        default: CozeFailure(kind: .network, message: "The call to Coze failed while \(action): \(error).",
                             chinese: "\(chineseAction(action))时调用 Coze 失败：\(error)。")
        }
    }

    /// Turns a transport error into a failure; `action` says what was being done ("running the workflow").
    static func from(_ error: TransportError, action: String, timeout: Duration) -> CozeFailure {
        switch error.kind {
        case .timeout:
            return CozeFailure(
                kind: .timeout,
                message: "No answer from Coze within \(Self.seconds(timeout)) while \(action). The workflow may still be running on Coze's side; check its run history before sending it again.",
                chinese: "\(chineseAction(action))时，\(Self.seconds(timeout)) 内没有收到 Coze 的回答。工作流可能仍在 Coze 上运行；再次发送前请先查看它的运行历史。"
            )
        case .cannotConnect:
            return CozeFailure(
                kind: .network,
                message: "Could not connect to Coze while \(action) (\(error.detail)). Check the network connection and the base URL; nothing was sent.",
                chinese: "\(chineseAction(action))时无法连接 Coze（\(error.detail)）。请检查网络连接和 API 地址；请求没有发出。",
                mayHaveReachedServer: false, setting: .baseURL
            )
        case .connectionLost:
            return CozeFailure(
                kind: .network,
                message: "The connection to Coze broke while \(action) (\(error.detail)). The workflow may or may not have started; check its run history before sending it again.",
                chinese: "\(chineseAction(action))时与 Coze 的连接中断（\(error.detail)）。工作流可能已经启动，也可能没有；再次发送前请先查看它的运行历史。"
            )
        case .cancelled:
            return CozeFailure(kind: .network, message: "The call was cancelled while \(action).", chinese: "\(chineseAction(action))时调用被取消。")
        }
    }

    /// Classifies an answer that is not a success: an HTTP error status, a non-JSON body, or a non-zero code.
    /// Returns `nil` for a success.
    /// `service` chooses advice that fits it (Coze Studio has no coze.cn/coze.com sites).
    static func classify(_ reply: APIReply, service: CozeService = .coze) -> CozeFailure? {
        let code = reply.code
        if service == .coze, let failure = studioAnswer(reply) { return failure }
        if reply.json != nil, code != 0 {
            return CozeFailure(kind: .api, message: CozeErrorAdvice.message(code: code, serverMessage: reply.message, logid: reply.logid, service: service, language: .en),
                               chinese: CozeErrorAdvice.message(code: code, serverMessage: reply.message, logid: reply.logid, service: service, language: .zh),
                               code: code, httpStatus: reply.httpStatus, reply: reply, setting: CozeErrorAdvice.setting(code: code, service: service))
        }
        if !(200..<300).contains(reply.httpStatus) {
            return CozeFailure(kind: .http, message: CozeErrorAdvice.message(httpStatus: reply.httpStatus, isJSON: reply.json != nil, service: service, language: .en),
                               chinese: CozeErrorAdvice.message(httpStatus: reply.httpStatus, isJSON: reply.json != nil, service: service, language: .zh),
                               httpStatus: reply.httpStatus, reply: reply, setting: CozeErrorAdvice.setting(httpStatus: reply.httpStatus, service: service))
        }
        guard let json = reply.json else {
            return CozeFailure(
                kind: .http,
                message: "Coze answered HTTP \(reply.httpStatus) with a body that is not JSON, so the result cannot be read. The raw body is kept in `response`.",
                chinese: "Coze 返回了 HTTP \(reply.httpStatus)，内容不是 JSON，无法读取结果。原始内容保存在 `response` 中。",
                httpStatus: reply.httpStatus, reply: reply)
        }
        guard json.objectMembers != nil else {
            return CozeFailure(kind: .http, message: "Coze answered with JSON that is not an object, so the result cannot be read. The raw body is kept in `response`.",
                               chinese: "Coze 返回的 JSON 不是对象，无法读取结果。原始内容保存在 `response` 中。",
                               httpStatus: reply.httpStatus, reply: reply)
        }
        return nil
    }

    /// What was being done, in Chinese, for the messages above.
    static func chineseAction(_ action: String) -> String {
        switch action {
        case "running the workflow": "运行工作流"
        case "starting the async run": "启动异步运行"
        case "asking for the run's status": "查询运行状态"
        case "streaming the workflow's run": "流式运行工作流"
        case "resuming the run with the answer": "用回答继续运行"
        case "reading the workflow's inputs": "读取工作流的输入参数"
        case "chatting with the chatflow": "与对话流对话"
        case let other where other.hasPrefix("uploading "): "上传 \(other.dropFirst("uploading ".count))"
        default: action
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        if attoseconds == 0 { return "\(whole) s" }
        return "\(Double(whole) + Double(attoseconds) / 1e18) s"
    }
}
