import OrderedJSON

extension CozeFailure {
    /// Turns whatever a call threw into a failure: a failure as it is, a transport error or a
    /// cancellation classified, anything else as a network failure.
    static func from(_ error: any Error, action: String, timeout: Duration) -> CozeFailure {
        switch error {
        case let failure as CozeFailure: failure
        case let transport as TransportError: from(transport, action: action, timeout: timeout)
        case is CancellationError: from(TransportError(kind: .cancelled, detail: "cancelled"), action: action, timeout: timeout)
        default: CozeFailure(kind: .network, message: "The call to Coze failed while \(action): \(error).")
        }
    }

    /// Turns a transport error into a failure; `action` says what was being done ("running the workflow").
    static func from(_ error: TransportError, action: String, timeout: Duration) -> CozeFailure {
        switch error.kind {
        case .timeout:
            return CozeFailure(
                kind: .timeout,
                message: "No answer from Coze within \(Self.seconds(timeout)) while \(action). The workflow may still be running on Coze's side; check its run history before sending it again."
            )
        case .cannotConnect:
            return CozeFailure(
                kind: .network,
                message: "Could not connect to Coze while \(action) (\(error.detail)). Check the network connection and the base URL; nothing was sent.",
                mayHaveReachedServer: false
            )
        case .connectionLost:
            return CozeFailure(
                kind: .network,
                message: "The connection to Coze broke while \(action) (\(error.detail)). The workflow may or may not have started; check its run history before sending it again."
            )
        case .cancelled:
            return CozeFailure(kind: .network, message: "The call was cancelled while \(action).")
        }
    }

    /// Classifies an answer that is not a success: an HTTP error status, a non-JSON body, or a non-zero code.
    /// Returns `nil` for a success.
    static func classify(_ reply: APIReply) -> CozeFailure? {
        let code = reply.code
        if reply.json != nil, code != 0 {
            return CozeFailure(kind: .api, message: CozeErrorAdvice.message(code: code, serverMessage: reply.message, logid: reply.logid),
                               code: code, httpStatus: reply.httpStatus, reply: reply)
        }
        if !(200..<300).contains(reply.httpStatus) {
            return CozeFailure(kind: .http, message: CozeErrorAdvice.message(httpStatus: reply.httpStatus, isJSON: reply.json != nil),
                               httpStatus: reply.httpStatus, reply: reply)
        }
        guard let json = reply.json else {
            return CozeFailure(
                kind: .http,
                message: "Coze answered HTTP \(reply.httpStatus) with a body that is not JSON, so the result cannot be read. The raw body is kept in `response`.",
                httpStatus: reply.httpStatus, reply: reply)
        }
        guard json.objectMembers != nil else {
            return CozeFailure(kind: .http, message: "Coze answered with JSON that is not an object, so the result cannot be read. The raw body is kept in `response`.",
                               httpStatus: reply.httpStatus, reply: reply)
        }
        return nil
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        if attoseconds == 0 { return "\(whole) s" }
        return "\(Double(whole) + Double(attoseconds) / 1e18) s"
    }
}
