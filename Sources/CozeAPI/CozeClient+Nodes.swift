import OrderedJSON

extension CozeClient {
    /// One Output node's full output, fetched when a history item says `is_output_trimmed`.
    public struct NodeOutput: Sendable {
        /// `node_output` with its embedded JSON decoded.
        public var output: JSONValue
        public var isFinished: Bool
    }

    /// `GET /v1/workflows/{workflow_id}/run_histories/{execute_id}/execute_nodes/{node_execute_uuid}`:
    /// the whole output of one Output node of a run (history items cut outputs over 1 MB).
    public func nodeOutput(workflowID: String, executeID: String, nodeExecuteUUID: String,
                           timeout: Duration = .seconds(60)) async throws(CozeFailure) -> NodeOutput {
        let path = "/v1/workflows/\(Self.pathSegment(workflowID))/run_histories/\(Self.pathSegment(executeID))/execute_nodes/\(Self.pathSegment(nodeExecuteUUID))"
        let reply = try await send(method: "GET", path: path, body: nil, timeout: timeout, action: "fetching a node's full output")
        guard let data = reply.json?["data"], let output = data["node_output"] else {
            throw CozeFailure(kind: .http, message: "Coze's answer for the node's output has no `data.node_output`.",
                              chinese: "Coze 返回的节点输出中没有 `data.node_output`。", httpStatus: reply.httpStatus, reply: reply)
        }
        return NodeOutput(output: output.decodingEmbeddedJSONDeeply, isFinished: data["is_finish"]?.boolValue ?? true)
    }
}
