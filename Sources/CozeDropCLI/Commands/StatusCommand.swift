import CozeAPI
import DropFolder
import Foundation
import OrderedJSON

/// `coze-drop status [--root DIR]`: what `status.json` says, for a person; says plainly when no
/// agent is running. Exit 0 when at least one agent is alive, 1 when none is.
struct StatusCommand {
    static let help = """
        coze-drop status — show whether agents are running on a folder, what they are doing, and today's counts.

        Usage: coze-drop status [--root DIR] [--lang zh|en]

        Exit status: 0 when at least one agent is running, 1 when none is (or the status is too old).
        """

    let input: CommandInput

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: ["--root", "--lang"], environment: environment, console: console)
    }

    func run() throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        let arguments = input.arguments
        let console = input.console
        guard arguments.positionals.isEmpty else { throw UsageError("`status` takes no file; use --root DIR") }
        let l = try input.language()
        let root = arguments.value("--root") ?? FileManager.default.currentDirectoryPath
        let now = Date()
        // The agents' own entries are the truth; status.json is their merge, possibly a moment older.
        let layout = FolderLayout(root: root)
        var agents = AgentStatus.entries(in: layout.statusEntries, fileSystem: LocalFileSystem()).map(\.status)
        if agents.isEmpty, let bytes = FileManager.default.contents(atPath: layout.statusBoard), let json = try? JSONParser().parse(bytes: Array(bytes)) {
            agents = (json["agents"]?.arrayValue ?? []).compactMap(AgentStatus.init(json:))
        }
        guard !agents.isEmpty else {
            console.print(l.pick(en: "No agent is running on \(root): there is no status.json (no agent has ever run here, or it cannot be read).",
                                 zh: "\(root) 上没有代理在运行：没有 status.json（这里从未运行过代理，或无法读取）。"))
            return ExitCode.failure
        }
        agents.sort { $0.updatedAt > $1.updatedAt }
        let alive = agents.filter { $0.isAlive(at: now) }
        if alive.isEmpty {
            let last = agents.map(\.updatedAt).max()
            let ago = last.map { Int(now.timeIntervalSince($0)) }
            console.print(l.pick(
                en: "No agent is running on \(root)" + (ago.map { " (last heard from \($0) s ago)" } ?? "") + ". Start one with: coze-drop watch --root \(root)",
                zh: "\(root) 上没有代理在运行" + (ago.map { "（最后一次更新在 \($0) 秒前）" } ?? "") + "。启动方法：coze-drop watch --root \(root)"))
        }
        for agent in agents {
            let state = agent.isAlive(at: now) ? l.pick(en: "running", zh: "运行中") : (agent.running ? l.pick(en: "not responding", zh: "无响应") : l.pick(en: "stopped", zh: "已停止"))
            console.print(l.pick(en: "agent \(agent.agent) on \(agent.host) (pid \(agent.pid), version \(agent.version)): \(state)",
                                 zh: "代理 \(agent.agent)，主机 \(agent.host)（pid \(agent.pid)，版本 \(agent.version)）：\(state)"))
            console.print(l.pick(en: "  started \(agent.startedText ?? "?"), last update \(agent.updatedText ?? "?"), last scan \(agent.lastScanText ?? "never")",
                                 zh: "  启动于 \(agent.startedText ?? "?")，最后更新 \(agent.updatedText ?? "?")，最后扫描 \(agent.lastScanText ?? "从未")"))
            let working = agent.workingOn.isEmpty ? l.pick(en: "nothing", zh: "无") : agent.workingOn.joined(separator: ", ")
            console.print(l.pick(en: "  working on: \(working); async runs waiting: \(agent.waiting)",
                                 zh: "  正在处理：\(working)；等待中的异步运行：\(agent.waiting)"))
            console.print(l.pick(en: "  today (\(agent.day)): \(agent.done) done, \(agent.failed) failed",
                                 zh: "  今天（\(agent.day)）：完成 \(agent.done) 个，失败 \(agent.failed) 个"))
            if let origin = agent.tokenOrigin {
                let until = agent.tokenExpiresText.map { l.pick(en: ", valid until \($0)", zh: "，有效期至 \($0)") } ?? ""
                let problem = agent.tokenProblem.map { l.pick(en: "; no valid token: \($0)", zh: "；没有有效的令牌：\($0)") } ?? ""
                console.print(l.pick(en: "  token: from \(origin)\(until)\(problem)", zh: "  令牌：来自\(origin)\(until)\(problem)"))
            }
            if let error = agent.lastError {
                console.print(l.pick(en: "  last error (\(agent.lastErrorText ?? "?")): \(error)", zh: "  最近的错误（\(agent.lastErrorText ?? "?")）：\(error)"))
            }
        }
        return alive.isEmpty ? ExitCode.failure : ExitCode.success
    }
}
