import Foundation
import OrderedJSON
import TestSupport
import Testing

/// The shared folder as a person and a script use it, through the built executable: init,
/// summaries, status, validate and submit, in English and Chinese.
@Suite struct SharedFolderCommandTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    func json(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try folder.read(path))
    }

    @Test(arguments: ["en", "zh"])
    func initPreparesTheFolderWithoutOverwritingAndItsExampleIsNotPickedUp(_ language: String) async throws {
        let outcome = try await BuiltCommand.run(["init", "share", "--lang", language], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains(language == "zh" ? "已准备好" : "is ready"))
        for sub in ["inbox", "outbox", "failed", "processing"] {
            let readme = try folder.read("share/\(sub)/README.txt")
            #expect(readme.contains { $0.isASCII && $0.isLetter }, "\(sub) README has no English")
            #expect(readme.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(sub) README has no Chinese")
        }
        #expect(try json("share/inbox/example.json.sample")["workflow_id"] != nil)
        try folder.write("my own notes", to: "share/inbox/README.txt")
        #expect(try await BuiltCommand.run(["init", "share"], in: folder.path).status == 0)
        #expect(try folder.read("share/inbox/README.txt") == "my own notes")
        let watch = try await BuiltCommand.run(["watch", "--root", "share", "--once", "--simulator", "--settle", "0", "--interval", "0.05"], in: folder.path)
        #expect(watch.status == 0, "\(watch.error)")
        #expect(folder.names(in: "share/inbox") == ["README.txt", "example.json.sample"])
        #expect(folder.names(in: "share/failed") == ["README.txt"])
    }

    @Test(arguments: ["en", "zh"])
    func everyResultGetsASummaryAPersonCanRead(_ language: String) async throws {
        let zh = language == "zh"
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"output": {"output": "北京 is sunny"}}}}"#, to: "inbox/weather.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"output": {"city": "北京", "temperature": 21}}}}"#, to: "inbox/table.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4200}}}"#, to: "inbox/missing.json")
        try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#, to: "inbox/ask.json")
        try folder.write(#"{"workflow_id": "1", "paramters": {}}"#, to: "inbox/typo.json")
        let outcome = try await BuiltCommand.run(["watch", "--once", "--simulator", "--settle", "0", "--interval", "0.05", "--lang", language], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        let weather = try folder.read("outbox/weather.result.txt")
        #expect(weather.hasPrefix(zh ? "✔ 完成：weather.json 运行成功" : "✔ Done: weather.json ran successfully"))
        #expect(weather.contains("\n北京 is sunny\n"))
        #expect(weather.contains(zh ? "调试链接：https://www.coze.cn/work_flow?execute_id=" : "Debug link: https://www.coze.cn/work_flow?execute_id="))
        let table = try folder.read("outbox/table.result.txt")
        #expect(table.contains("{\n  \"city\": \"北京\",\n  \"temperature\": 21\n}"))
        let missing = try folder.read("failed/missing.result.txt")
        #expect(missing.hasPrefix(zh ? "✘ 失败：missing.json——Coze 拒绝了这个请求" : "✘ Failed: missing.json — Coze refused the request"))
        #expect(missing.contains(zh ? "下一步：" : "What to do next: "))
        #expect(missing.contains(zh ? "没有已发布的工作流使用这个 `workflow_id`" : "No published workflow has this `workflow_id`"))
        let record = try json("failed/missing.response.json")
        #expect(record["error"]?["message"]?.stringValue?.hasPrefix(zh ? "Coze 拒绝了请求，错误码 4200。" : "Coze refused the request with code 4200.") == true)
        let typo = try folder.read("failed/typo.result.txt")
        #expect(typo.contains(zh ? "未知字段 `paramters`——是不是 `parameters`？" : "Unknown field `paramters` — did you mean `parameters`?"))
        let ask = try folder.read("outbox/ask.result.txt")
        #expect(ask.contains(zh ? "问题（问答）：Which city?" : "Question (问答): Which city?"))
        #expect(ask.contains(zh ? "打开 ask.answer.json" : "open ask.answer.json"))
    }

    @Test func statusShowsLiveAgentsAndSaysWhenNoneIsRunning() async throws {
        try folder.write(#"{"workflow_id": "1"}"#, to: "inbox/a.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4000}}}"#, to: "inbox/b.json")
        let first = try BuiltCommand.start(["watch", "--simulator", "--settle", "0", "--interval", "0.05"], in: folder.path)
        let second = try BuiltCommand.start(["watch", "--simulator", "--settle", "0", "--interval", "0.05"], in: folder.path)
        var agents: [JSONValue] = []
        for _ in 0..<1000 {
            agents = (try? json("status.json"))?["agents"]?.arrayValue ?? []
            if agents.count == 2, (folder.names(in: "outbox") + folder.names(in: "failed")).count == 4 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(agents.count == 2, "each agent has its own entry")
        #expect(agents.allSatisfy { $0["state"] == .string("running") && $0["pid"]?.integerValue != nil && $0["version"] != nil })
        let live = try await BuiltCommand.run(["status", "--root", folder.path, "--lang", "en"])
        #expect(live.status == 0)
        #expect(live.output.components(separatedBy: ": running").count == 3, "\(live.output)")
        let chinese = try await BuiltCommand.run(["status", "--root", folder.path, "--lang", "zh"])
        #expect(chinese.output.contains("运行中"))
        first.process.terminate()
        second.process.terminate()
        let (firstOutcome, secondOutcome) = (await first.finish(), await second.finish())
        #expect(firstOutcome.status == 0 && secondOutcome.status == 0)
        let entries = try folder.names(in: ".status").map { try json(".status/\($0)") }
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0["state"] == .string("stopped") })
        #expect(entries.compactMap { $0["today"]?["done"]?.integerValue }.reduce(0, +) == 1)
        #expect(entries.compactMap { $0["today"]?["failed"]?.integerValue }.reduce(0, +) == 1)
        #expect(try json("status.json")["agents"]?.arrayValue?.isEmpty == false)
        let none = try await BuiltCommand.run(["status", "--root", folder.path, "--lang", "en"])
        #expect(none.status == 1)
        #expect(none.output.hasPrefix("No agent is running on \(folder.path)"))
        #expect(none.output.components(separatedBy: ": stopped").count == 3)
        let noneZh = try await BuiltCommand.run(["status", "--root", folder.path + "/inbox", "--lang", "zh"])
        #expect(noneZh.status == 1)
        #expect(noneZh.output.contains("没有代理在运行"))
    }

    @Test(arguments: ["en", "zh"])
    func validateChecksFilesOfflineAndListsEveryProblem(_ language: String) async throws {
        let good = try folder.write(#"{"workflow_id": "1", "parameters": {"img": {"$file": "a.png"}}}"#, to: "good.json")
        let typo = try folder.write(#"{"workflow_id": "x1", "paramters": {}}"#, to: "typo.json")
        let broken = try folder.write("{\n  \"workflow_id\": \"1\",\n  \"parameters\": {,}\n}", to: "broken.json")
        let onlyGood = try await BuiltCommand.run(["validate", good, "--lang", language])
        #expect(onlyGood.status == 0)
        #expect(onlyGood.output.contains(language == "zh" ? "有效" : "valid (sync run of workflow 1, with files a.png)"))
        let outcome = try await BuiltCommand.run(["validate", good, typo, broken, "--lang", language])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains(language == "zh" ? "typo.json：发现 2 个问题" : "typo.json: 2 problem(s):"))
        let zh = language == "zh"
        #expect(outcome.output.contains(zh ? "未知字段 `paramters`——是不是 `parameters`？" : "did you mean `parameters`?"))
        #expect(outcome.output.contains(zh ? "`workflow_id` 只能是数字" : "must be only digits"))
        #expect(outcome.output.contains(zh ? "（第 3 行，第 18 列）" : "(line 3, column 18)"))
    }

    @Test func submitDropsSafelyAndWaitsForTheResult() async throws {
        #expect(try await BuiltCommand.run(["init", "share"], in: folder.path).status == 0)
        let agent = try BuiltCommand.start(["watch", "--root", "share", "--simulator", "--settle", "0", "--interval", "0.05"], in: folder.path)
        defer { agent.process.terminate() }
        try folder.write("PNG", to: "photo.png")
        let good = try folder.write(#"{"workflow_id": "1", "parameters": {"img": {"$file": "photo.png"}}}"#, to: "good.json")
        let outcome = try await BuiltCommand.run(["submit", good, "--root", "share", "--wait", "--timeout", "60"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.output) \(outcome.error)")
        let dropped = try #require(outcome.output.firstMatch(of: /dropped: .*\/inbox\/(good-\d{14}-[0-9a-z]+)\.json/).map { String($0.1) })
        #expect(outcome.output.contains("result: share/outbox/\(dropped).response.json"))
        #expect(folder.names(in: "share/outbox").contains("\(dropped).photo.png"))
        let bad = try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4200}}}"#, to: "bad.json")
        #expect(try await BuiltCommand.run(["submit", bad, "--root", "share", "--wait"], in: folder.path).status == 1)
        let ask = try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#, to: "ask.json")
        let asked = try await BuiltCommand.run(["submit", ask, "--root", "share", "--wait", "--lang", "zh"], in: folder.path)
        #expect(asked.status == 3)
        #expect(asked.output.contains("工作流提问：Which city?"))
        let invalid = try folder.write(#"{"workflow_id": "1", "colour": "red"}"#, to: "invalid.json")
        let refused = try await BuiltCommand.run(["submit", invalid, "--root", "share"], in: folder.path)
        #expect(refused.status == 2)
        #expect(refused.error.contains("nothing was dropped"))
        #expect(folder.names(in: "share/inbox").allSatisfy { !$0.hasPrefix("invalid") })
    }

    @Test func submitGivesUpAfterItsTimeoutWhenNoAgentRuns() async throws {
        try folder.write("", to: "inbox/.keep")
        let request = try folder.write(#"{"workflow_id": "1"}"#, to: "r.json")
        let outcome = try await BuiltCommand.run(["submit", request, "--root", folder.path, "--wait", "--timeout", "0.3"])
        #expect(outcome.status == 124)
        #expect(outcome.output.contains("no result within the timeout"))
        #expect(folder.names(in: "inbox").contains { $0.hasPrefix("r-") && $0.hasSuffix(".json") })
    }
}
