import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import WorkflowJobs

/// `coze-drop token`: where the token comes from, until when the current one is valid, and one
/// cheap authenticated call that proves it works. Never prints the token.
struct TokenCommand {
    static let help = """
        coze-drop token — check the token: where it comes from, until when it is valid, and whether Coze takes it.

        Usage: coze-drop token [--lang zh|en] [--root DIR] [--base-url URL] [--service coze|studio] [--simulator]
                               [--token-file PATH | --token-command 'CMD' | --oauth-app-id ID --oauth-key-id KID --oauth-private-key FILE [--oauth-token-ttl S]]

        The token comes from, in this order: an OAuth service app, a token command, a token file,
        COZE_API_TOKEN; a folder's coze-drop.json (at --root, default .) may name them too.
        The token itself is never printed.

        Exit status: 0 the token works, 1 it could not be had or Coze refused it, 2 bad usage.
        """

    let input: CommandInput

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        input = try CommandInput(arguments, valueFlags: Set(["--lang", "--root"]).union(ConnectionSettings.valueFlags), switchFlags: ["--simulator"],
                                 environment: environment, console: console)
    }

    func run() async throws(UsageError) -> Int32 {
        if input.answersHelp(Self.help) { return ExitCode.success }
        guard input.arguments.positionals.isEmpty else { throw UsageError("`token` takes no file or id, only options") }
        var arguments = input.arguments
        let root = arguments.value("--root") ?? "."
        let settings = try FolderSettings.load(root: root, environment: input.environment)
        // With --simulator, the folder's own address and token settings do not apply.
        if !arguments.has("--simulator") {
            arguments.addDefaults(values: settings.values.filter { Self.tokenKeys.contains($0.key) }, switches: [])
        }
        let l = try arguments.language(environment: input.environment)
        let connection = try ConnectionSettings.resolve(arguments, environment: input.environment)
        defer { connection.simulator?.stop() }
        let console = input.console
        console.print(l.pick(en: "token source: \(connection.credentials.source.origin)", zh: "令牌来源：\(connection.credentials.source.origin)"))
        console.print(l.pick(en: "API address: \(connection.description)", zh: "API 地址：\(connection.description)"))
        let token: AccessToken
        do {
            token = try await connection.credentials.renewNow()
        } catch {
            console.error("coze-drop: " + l.pick(en: "no token could be had: \(error.message)", zh: "无法获得令牌：\(error.chinese)"))
            return ExitCode.failure
        }
        if let expiresAt = token.expiresAt {
            let left = Int(expiresAt.timeIntervalSinceNow)
            console.print(l.pick(en: "valid until: \(BeijingTime.iso8601(expiresAt)) (\(left) s from now)",
                                 zh: "有效期至：\(BeijingTime.iso8601(expiresAt))（还有 \(left) 秒）"))
        } else {
            console.print(l.pick(en: "valid until: not stated by the source", zh: "有效期：来源没有说明"))
        }
        do {
            let user = try await connection.client(URLSessionTransport()).checkToken()
            console.print(l.pick(en: "Coze accepts it\(user.map { " (user \($0))" } ?? "").", zh: "Coze 接受这个令牌\(user.map { "（用户 \($0)）" } ?? "")。"))
            return ExitCode.success
        } catch {
            let message = error.messageNamingFlags(in: l)
            console.error("coze-drop: " + l.pick(en: "Coze did not accept the token: \(message)", zh: "Coze 没有接受这个令牌：\(message)"))
            return ExitCode.failure
        }
    }

    /// The coze-drop.json settings that say where the token comes from.
    static let tokenKeys = Set(["--base-url", "--service", "--token-file", "--token-command"]).union(OAuthSettings.valueFlags)
}
