import OrderedJSON

extension CozeClient {
    /// `GET /v1/workflows/{workflow_id}?include_input_output=true`: the workflow's name, inputs and
    /// outputs. Needs the token's `getMetaData` permission (4101 without it); Coze Studio answers it
    /// only for chatflows.
    public func workflowInfo(workflowID: String, timeout: Duration = .seconds(30)) async throws(CozeFailure) -> WorkflowInfo {
        let path = "/v1/workflows/\(Self.pathSegment(workflowID))?include_input_output=true"
        let reply = try await send(method: "GET", path: path, body: nil, timeout: timeout, action: "reading the workflow's inputs")
        guard let data = reply.json?["data"], data.objectMembers != nil else {
            throw CozeFailure(kind: .http, message: "Coze's answer about workflow \(workflowID) has no `data` object, so its inputs cannot be read.",
                              chinese: "Coze 关于工作流 \(workflowID) 的回答中没有 `data` 对象，无法读取它的输入参数。",
                              httpStatus: reply.httpStatus, reply: reply)
        }
        return WorkflowInfo(data: data, workflowID: workflowID)
    }
}
