import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import WorkflowJobs

/// `coze-drop workflow ID`: what Coze says about a workflow (name, inputs, outputs), for a person.
struct WorkflowCommand {
    static let help = """
        coze-drop workflow — show a workflow's name, inputs and outputs, as Coze describes them.

        Usage: coze-drop workflow ID [--lang zh|en] [--base-url URL] [--token-file PATH] [--simulator] [--service coze|studio]

        Asks GET /v1/workflows/ID?include_input_output=true (the token needs the getMetaData
        permission). Coze Studio answers it only for chatflows.

        Exit status: 0 shown, 1 Coze did not answer with the workflow, 2 bad usage or no token.
        """

    let input: CommandInput

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: Set(["--lang"]).union(ConnectionSettings.valueFlags), switchFlags: ["--simulator"],
                                 environment: environment, console: console)
    }

    func run() async throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        let positionals = input.arguments.positionals
        guard positionals.count == 1, let workflowID = positionals.first else {
            throw UsageError(positionals.isEmpty ? "`workflow` needs the workflow id (the digits after workflow_id= in the workflow's address in Coze)"
                             : "`workflow` takes one workflow id, got \(positionals.count)")
        }
        guard !workflowID.isEmpty, workflowID.allSatisfy(\.isASCII), workflowID.allSatisfy(\.isNumber) else {
            throw UsageError("the workflow id must be only digits (the number after workflow_id= in the workflow's address in Coze); got `\(workflowID)`")
        }
        let l = try input.language()
        let connection = try ConnectionSettings.resolve(input.arguments, environment: input.environment)
        defer { connection.simulator?.stop() }
        let client = connection.client(URLSessionTransport())
        if connection.simulator != nil { input.console.print(l.pick(en: "(simulated: the built-in simulator, not Coze)", zh: "（模拟：内置模拟器，而不是 Coze）")) }
        do {
            let info = try await client.workflowInfo(workflowID: workflowID)
            for line in Self.describe(info, language: l) { input.console.print(line) }
            return ExitCode.success
        } catch {
            let message = error.messageNamingFlags(in: l)
            input.console.error("coze-drop: " + l.pick(en: "cannot read workflow \(workflowID): \(message)", zh: "无法读取工作流 \(workflowID)：\(message)"))
            if client.service == .studio {
                input.console.error(l.pick(en: "(Coze Studio answers this only for chatflows.)", zh: "（Coze Studio 只对对话流回答这个请求。）"))
            }
            return ExitCode.failure
        }
    }

    /// The workflow as lines a person reads.
    static func describe(_ info: WorkflowInfo, language l: Language) -> [String] {
        var lines = [l.pick(en: "workflow \(info.workflowID): \(info.name.isEmpty ? "(no name)" : info.name)",
                            zh: "工作流 \(info.workflowID)：\(info.name.isEmpty ? "（无名称）" : info.name)")]
        if !info.description.isEmpty { lines.append(l.pick(en: "description: \(info.description)", zh: "说明：\(info.description)")) }
        if let app = info.appID { lines.append(l.pick(en: "app: \(app)", zh: "所属应用：\(app)")) }
        if !info.hasInputs {
            lines.append(l.pick(en: "inputs: not given by Coze", zh: "输入参数：Coze 没有提供"))
        } else if info.inputs.isEmpty {
            lines.append(l.pick(en: "inputs: none", zh: "输入参数：无"))
        } else {
            lines.append(l.pick(en: "inputs:", zh: "输入参数："))
            for input in info.inputs { lines.append("  " + describe(input, language: l)) }
        }
        let plan: String? = switch info.outputs.terminatePlan {
        case "return_variables"?: l.pick(en: "returns variables", zh: "返回变量")
        case "use_answer_content"?: l.pick(en: "answers with text", zh: "返回文本")
        case let other?: other
        case nil: nil
        }
        lines.append(l.pick(en: "outputs\(plan.map { " (\($0))" } ?? ""):", zh: "输出\(plan.map { "（\($0)）" } ?? "")："))
        if info.outputs.parameters.isEmpty { lines.append(l.pick(en: "  none", zh: "  无")) }
        for output in info.outputs.parameters { lines.append("  \(output.name): \(output.type)") }
        if let content = info.outputs.content { lines.append(l.pick(en: "  text: \(content)", zh: "  文本：\(content)")) }
        return lines
    }

    static func describe(_ input: WorkflowInput, language l: Language) -> String {
        var facts = [input.typeDescription.isEmpty ? "?" : input.typeDescription, input.required ? l.pick(en: "required", zh: "必填") : l.pick(en: "optional", zh: "可选")]
        if let value = input.defaultValue { facts.append(l.pick(en: "default \(value)", zh: "默认值 \(value)")) }
        let about = input.description.isEmpty ? "" : l.pick(en: " — \(input.description)", zh: "：\(input.description)")
        return l.pick(en: "\(input.name) (\(facts.joined(separator: ", ")))\(about)", zh: "\(input.name)（\(facts.joined(separator: "，"))）\(about)")
    }
}
