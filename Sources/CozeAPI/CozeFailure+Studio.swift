extension CozeFailure {
    /// With the service set to hosted Coze, an answer only Coze Studio gives: its cookie refusal of the
    /// hosted history path, or its code for an unknown token. Says to set the service to studio.
    static func studioAnswer(_ reply: APIReply) -> CozeFailure? {
        let sessionRefusal = reply.httpStatus == 401 && reply.message.contains("missing session_key")
        guard sessionRefusal || reply.code == CozeErrorAdvice.studioAuthenticationFailed else { return nil }
        let said = reply.message.isEmpty ? "" : " (\"\(reply.message)\")"
        return CozeFailure(
            // A business refusal, not a transient HTTP error: polling again cannot help.
            kind: .api,
            message: "The server answered\(said) the way a self-hosted Coze Studio does, not the hosted Coze. If it is Coze Studio, set the service setting to studio, then drop the file again.",
            chinese: "服务器的回答\(said)与自托管的 Coze Studio 一致，而不是托管的 Coze。如果它是 Coze Studio，请把服务设置（service）设为 studio，然后重新放入文件。",
            code: reply.code, httpStatus: reply.httpStatus, reply: reply, setting: .service(.studio))
    }
}
