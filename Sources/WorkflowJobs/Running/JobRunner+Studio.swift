import CozeAPI

extension JobRunner {
    /// How long a stream may stay silent with Coze Studio, by default: it sends no PINGs.
    public static let studioStreamIdleTimeout = Duration.seconds(600)

    /// With Coze Studio, says once per agent run that `workflow_version` is ignored there.
    func noteFieldsStudioIgnores(_ request: WorkflowRequest) {
        guard client.service == .studio, request.invocation.workflowVersion != nil, notesSaid.first("workflow_version") else { return }
        events.record(.warning(language.pick(
            en: "`workflow_version` is ignored by Coze Studio: it always runs the latest published version of a workflow.",
            zh: "Coze Studio 会忽略 `workflow_version`：它总是运行工作流最新发布的版本。")))
    }
}

extension Job {
    /// Endings of a polled run that only Coze Studio reports: `Cancel`, and `<UNSET>` (the run
    /// asked a question, which Studio cannot take an answer to outside a stream). `nil` otherwise.
    mutating func studioEnding(_ item: RunHistoryItem) -> JobOutcome? {
        let l = runner.language
        switch item.status {
        case .cancelled:
            result.error = JobFailure(kind: .cancelled, message: l.pick(
                en: "The run was cancelled on the server before it ended, so there is no output. Drop the request again to run it again.",
                zh: "运行在结束前被服务器端取消，没有输出。如需再次运行，请重新放入请求。"))
            return finished()
        case .interrupted where runner.client.service == .studio:
            result.error = JobFailure(kind: .workflowFailed, message: l.pick(
                en: "The workflow asked a question, and Coze Studio cannot take answers for async runs (it has no /v1/workflows/resume), so this run will wait for ever. Use \"mode\": \"stream\" for this workflow.",
                zh: "工作流提出了问题，而 Coze Studio 无法接收异步运行的回答（它没有 /v1/workflows/resume），这次运行会一直等待下去。请对这个工作流使用 \"mode\": \"stream\"。"))
            return finished()
        default:
            return nil
        }
    }
}
