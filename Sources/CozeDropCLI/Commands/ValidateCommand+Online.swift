import CozeAPI
import DropFolder
import Foundation
import WorkflowJobs

extension ValidateCommand {
    /// `validate --online`: each valid request's parameters checked against what Coze says its
    /// workflow takes, each workflow asked once.
    struct OnlineCheck {
        let connection: ConnectionSettings
        let client: CozeClient
        let cache: WorkflowInfoCache
        let console: Console

        /// `nil` without `--online`.
        init?(_ input: CommandInput) throws(UsageError) {
            guard input.arguments.has("--online") else {
                if input.arguments.has("--simulator") { throw UsageError("`--simulator` is only used with `--online`") }
                return nil
            }
            connection = try ConnectionSettings.resolve(input.arguments, environment: input.environment)
            let client = connection.client(URLSessionTransport())
            self.client = client
            cache = WorkflowInfoCache(client: client, clock: SystemMonotonicClock())
            console = input.console
            let l = try input.language()
            if client.service == .studio {
                console.print(l.pick(en: "parameters not checked online: Coze Studio answers workflow info only for chatflows",
                                     zh: "未在线检查参数：Coze Studio 只对对话流提供工作流信息"))
            } else if connection.simulator != nil {
                console.print(l.pick(en: "(simulated: asking the built-in simulator, not Coze)", zh: "（模拟：询问内置模拟器，而不是 Coze）"))
            }
        }

        func check(_ request: WorkflowRequest, file: String, language l: Language) async -> Check {
            guard client.service != .studio, request.resume == nil, request.executeID == nil else { return .valid(request) }
            let workflowID = request.invocation.workflowID
            switch await cache.lookup(workflowID) {
            case .unavailable(let reason):
                if await cache.isFirstNotice(about: workflowID) {
                    console.print(l.pick(en: "could not check parameters of workflow \(workflowID): \(reason); its files are checked offline only",
                                         zh: "无法检查工作流 \(workflowID) 的参数：\(reason)；它的文件只做了离线检查"))
                }
                return .valid(request)
            case .info(let info):
                let problems = ParameterCheck.problems(in: request.invocation.parameters, against: info, language: l)
                return problems.isEmpty ? .valid(request) : .invalid(problems)
            }
        }
    }
}
