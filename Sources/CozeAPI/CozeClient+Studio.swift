extension CozeClient {
    /// The run history address of this service: hosted Coze names the run in the path, Coze Studio
    /// in the query (it has no `/v1/workflows/{id}/run_histories/…`).
    func historyPath(workflowID: String, executeID: String) -> String {
        switch service {
        case .coze:
            "/v1/workflows/\(Self.pathSegment(workflowID))/run_histories/\(Self.pathSegment(executeID))"
        case .studio:
            "/v1/workflow/get_run_history?workflow_id=\(Self.pathSegment(workflowID))&execute_id=\(Self.pathSegment(executeID))"
        }
    }
}
