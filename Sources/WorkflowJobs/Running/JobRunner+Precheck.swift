import CozeAPI
import OrderedJSON

extension JobRunner {
    /// Before the first call of a job: checks its parameters against what Coze says the workflow
    /// takes, and returns the failed result when the run would certainly fail. Polls of a started
    /// run and answers to a question are not checked; when the info cannot be had the run goes
    /// ahead unchecked, and the console says so once per workflow.
    func precheck(_ request: WorkflowRequest) async -> JobResult? {
        guard let cache = workflowInfo, request.executeID == nil, request.resume == nil else { return nil }
        let workflowID = request.invocation.workflowID
        if client.service == .studio {
            if await cache.isFirstNotice(about: "") {
                events.record(.parametersUnchecked(workflowID: nil, reason: "Coze Studio answers workflow info only for chatflows, so parameters are not checked before runs"))
            }
            return nil
        }
        // Another version's inputs may differ from what the info describes.
        guard request.invocation.workflowVersion == nil else { return nil }
        switch await cache.lookup(workflowID) {
        case .unavailable(let reason):
            if Task.isCancelled { return nil }
            if await cache.isFirstNotice(about: workflowID) { events.record(.parametersUnchecked(workflowID: workflowID, reason: reason)) }
            return nil
        case .info(let info):
            let problems = ParameterCheck.problems(in: request.invocation.parameters, against: info, language: language)
            guard !problems.isEmpty else { return nil }
            let lead = language.pick(en: "Checked against the workflow's inputs before running; nothing was run. ",
                                     zh: "运行前已按工作流的输入参数检查；没有运行。")
            var result = JobResult.invalid(lead + RequestProblem(problems).description, at: wallClock())
            result.mode = request.mode
            result.request = request.invocation.describedBody
            return result
        }
    }
}
