import OrderedJSON

extension CozeClient {
    /// One cheap authenticated call that proves the token works: `GET /v1/users/me` on the hosted
    /// service (answers the token's user name); Coze Studio has no such path, so a history query
    /// that any valid token may make stands in (its "not found" proves the token was accepted).
    public func checkToken(timeout: Duration = .seconds(30)) async throws(CozeFailure) -> String? {
        switch service {
        case .coze:
            let reply = try await send(method: "GET", path: "/v1/users/me", body: nil, timeout: timeout, action: "checking the token")
            let user = reply.json?["data"]
            return user?["user_name"]?.stringValue ?? user?["nick_name"]?.stringValue
        case .studio:
            do {
                _ = try await send(method: "GET", path: "/v1/workflow/get_run_history?workflow_id=0&execute_id=0", body: nil,
                                   timeout: timeout, action: "checking the token")
            } catch where error.kind == .api && !error.refusesToken {
                return nil
            }
            return nil
        }
    }
}
