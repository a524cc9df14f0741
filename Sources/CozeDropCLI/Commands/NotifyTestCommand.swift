import CozeAPI
import Foundation
import HotFolders
import Notifications

/// `coze-drop notify-test [--root DIR]`: sends one test message to every target in the folder's
/// `notify` settings and prints what each answered. Only a target's service and host are ever
/// printed: its URL (path and query hold the bot's token) and its secret stay out of the output.
struct NotifyTestCommand {
    static let help = """
        coze-drop notify-test — send one test message to every chat bot or webhook in coze-drop.json's `notify`
        and in each workflow folder's workflow.json.

        Usage: coze-drop notify-test [--root DIR] [--lang zh|en]

        Prints what each target answered (its service and host only, never its URL or secret); a bot listed
        more than once gets one message. A workflow.json that cannot be used is named, and counts as a failure.
        Exit status: 0 when every target accepted the message, 1 otherwise (or when none is configured).
        """

    let input: CommandInput
    let transport: HTTPTransport

    init(_ arguments: [String], environment: [String: String], console: Console, transport: HTTPTransport? = nil) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: ["--root", "--lang"], environment: environment, console: console)
        self.transport = transport ?? URLSessionTransport(maximumConnections: 4).transport
    }

    func run() async throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        guard input.arguments.positionals.isEmpty else { throw UsageError("`notify-test` takes no file; use --root DIR") }
        let l = try input.language()
        let console = input.console
        let root = input.arguments.value("--root") ?? FileManager.default.currentDirectoryPath
        let settings = try FolderSettings.load(root: root, environment: input.environment)
        let targets: [NotificationTarget]
        do {
            targets = try settings.notify.map(NotificationTarget.targets(fromNotify:)) ?? []
        } catch {
            throw UsageError("\(root)/\(FolderSettings.fileName): " + l.pick(en: error.message, zh: error.chinese))
        }
        // Each workflow folder's own targets too (a bot listed twice gets one message).
        var places = targets.map { (place: String?.none, target: $0) }
        var folderProblems: [String] = []
        let inbox = "\(root)/inbox"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []).sorted() where !name.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: "\(inbox)/\(name)/workflow.json") else { continue }
            do {
                let folder = try WorkflowFolderSettings.parse(bytes: Array(data), language: l)
                for target in folder.notify where !places.contains(where: { $0.target.url == target.url }) {
                    places.append((place: "inbox/\(name)", target: target))
                }
            } catch {
                folderProblems.append("inbox/\(name)/workflow.json: " + error.problems.joined(separator: " "))
            }
        }
        for problem in folderProblems { console.print(problem) }
        guard !places.isEmpty else {
            console.print(l.pick(
                en: "No notification target in \(root)/\(FolderSettings.fileName). Add one, such as \"notify\": [{\"type\": \"feishu\", \"url\": \"https://open.feishu.cn/open-apis/bot/v2/hook/…\", \"secret\": \"…\"}], then run this again.",
                zh: "\(root)/\(FolderSettings.fileName) 中没有通知目标。请添加，例如 \"notify\": [{\"type\": \"feishu\", \"url\": \"https://open.feishu.cn/open-apis/bot/v2/hook/…\", \"secret\": \"…\"}]，然后再运行一次。"))
            return ExitCode.failure
        }
        let language = NotificationLanguage(rawValue: l.rawValue) ?? .en
        let folderName = URL(fileURLWithPath: root).lastPathComponent
        let message = NotificationMessage(
            title: language.pick(en: "coze-drop test message", zh: "coze-drop 测试消息"),
            text: language.pick(en: "This is a test from coze-drop for the folder \(folderName): notifications reach this group.",
                                zh: "这是 coze-drop 为文件夹 \(folderName) 发送的测试消息：通知可以送达这个群。"),
            events: [], language: language)
        var accepted = 0
        for (place, target) in places {
            let request = NotificationRequestBuilder.request(for: message, to: target, now: Date())
            let result: DeliveryResult
            do {
                let response = try await transport(request.httpRequest(timeout: .seconds(15)))
                result = .response(status: response.status, body: Array(response.body))
            } catch {
                result = .noAnswer(detail: "\(error)")
            }
            let line = Self.describe(DeliveryAnswer.classify(result, service: target.service), language: l)
            if case .delivered = DeliveryAnswer.classify(result, service: target.service) { accepted += 1 }
            console.print(target.redacted("\(place.map { "\($0): " } ?? "")\(target.safeName): \(line)"))
        }
        console.print(l.pick(en: "\(accepted) of \(places.count) targets accepted the test message.",
                             zh: "\(places.count) 个目标中有 \(accepted) 个接受了测试消息。"))
        return accepted == places.count && folderProblems.isEmpty ? ExitCode.success : ExitCode.failure
    }

    /// One answer in words: accepted, or why not and what to do.
    static func describe(_ answer: DeliveryAnswer, language l: Language) -> String {
        switch answer {
        case .delivered:
            l.pick(en: "accepted", zh: "已接受")
        case .tooFrequent(_, let detail):
            l.pick(en: "not accepted, too many messages (\(detail)); wait a minute and try again",
                   zh: "未接受，消息太频繁（\(detail)）；请稍等一分钟再试")
        case .retryable(let detail):
            l.pick(en: "not accepted (\(detail)); check the address and the network, then try again",
                   zh: "未接受（\(detail)）；请检查地址和网络后再试")
        case .rejected(let detail):
            l.pick(en: "refused: \(detail)", zh: "被拒绝：\(detail)")
        }
    }
}
