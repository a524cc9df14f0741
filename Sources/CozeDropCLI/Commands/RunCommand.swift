import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import WorkflowJobs

/// `coze-drop run FILE`: one request in the foreground, like the old scripts.
struct RunCommand {
    static let help = """
        coze-drop run — run one request file now and save its result.

        Usage: coze-drop run FILE [options]

        Saves the result record (request, response, output, …) as sync_YYYYMMDDHHMMSS.json or
        async_YYYYMMDDHHMMSS.json (Beijing time of the call) in --out; never overwrites a file.

        Options:
          --out DIR           where to save the result (default: current folder)
          --lang zh|en        language of the messages in the result (default: COZE_DROP_LANG, else LANG)
          --base-url URL      Coze API address (default: COZE_BASE_URL, else https://api.coze.cn)
          --service S         coze (default: hosted Coze) or studio (a self-hosted Coze Studio)
          --token-file PATH   read the token from the first line of PATH (default: COZE_API_TOKEN)
          --token-command CMD run CMD (with /bin/sh) for the token (the token, or {"access_token", "expires_in"})
          --oauth-app-id ID --oauth-key-id KID --oauth-private-key FILE [--oauth-token-ttl S]
                              get the token from an OAuth service app
          --simulator         run against the built-in simulator on 127.0.0.1 (no token needed)
          -h, --help          show this help

        Exit status: 0 success, 1 the run failed, 2 bad usage or an invalid request file.
        """

    let arguments: ParsedArguments
    let environment: [String: String]
    let console: Console

    init(_ arguments: [String], environment: [String: String], console: Console) throws(UsageError) {
        self.arguments = try ParsedArguments(
            arguments, valueFlags: Set(["--out", "--lang"]).union(ConnectionSettings.valueFlags), switchFlags: ["--simulator", "--help"])
        self.environment = environment
        self.console = console
    }

    func run() async throws(UsageError) -> Int32 {
        if arguments.has("--help") {
            console.print(Self.help)
            return ExitCode.success
        }
        guard arguments.positionals.count == 1, let file = arguments.positionals.first else {
            throw UsageError(arguments.positionals.isEmpty ? "`run` needs the request file to run" : "`run` takes one request file, got \(arguments.positionals.count)")
        }
        let outFolder = arguments.value("--out") ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("the output folder \(outFolder) does not exist")
        }
        let fileSystem = LocalFileSystem()
        let language = try arguments.language(environment: environment)
        var request: WorkflowRequest
        do {
            request = try RequestFileParser.parse(try fileSystem.readFile(file, limit: AgentConfiguration.defaultMaximumRequestBytes), language: language)
        } catch let problem as RequestProblem {
            console.error("coze-drop: \(file) is not a valid request: \(problem.description)")
            return ExitCode.usage
        } catch {
            console.error("coze-drop: cannot read \(file): \(error)")
            return ExitCode.usage
        }
        let connection = try ConnectionSettings.resolve(arguments, environment: environment)
        defer { connection.simulator?.stop() }
        let client = connection.client(URLSessionTransport())
        if let warning = connection.warning { console.error("coze-drop: warning: \(warning)") }
        let wallClock: @Sendable () -> Date = Date.init
        let callStarted = wallClock()
        if connection.simulator != nil { console.print("(simulated: using the built-in simulator, not Coze)") }
        let runner = JobRunner(client: client, clock: SystemMonotonicClock(), wallClock: wallClock, events: RunProgressPrinter(console: console),
                               streamIdleTimeout: connection.streamIdleDefault, language: language)
        var uploads: [JobResult.InputFile] = []
        if !request.attachments.isEmpty {
            // Files the request names are read from the request file's own folder.
            let folder = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
            var ids: [String: String] = [:]
            for name in request.attachments {
                let path = "\(folder)/\(name)"
                guard let attributes = try? fileSystem.attributes(of: path), attributes.kind == .regular else {
                    console.error("coze-drop: \(name), named in \(file), is not a file next to it (links are not followed)")
                    return ExitCode.usage
                }
                guard attributes.size <= CozeClient.maximumUploadBytes else {
                    console.error("coze-drop: \(name) is \(attributes.size / 1024 / 1024) MB; Coze accepts files of at most 512 MB")
                    return ExitCode.usage
                }
                console.print("uploading \(name) (\(attributes.size) bytes)…")
                switch await AttachmentUploader(client: client, runBlocking: AttachmentUploader.onDispatchThread).upload(path, as: name, scratchFolder: NSTemporaryDirectory()) {
                case .success(let uploaded):
                    ids[name] = uploaded.parameterValue(for: client.service)
                    uploads.append(JobResult.InputFile(name: name, bytes: Int(attributes.size), fileID: uploaded.id, url: uploaded.url))
                case .failure(let failure):
                    console.print("failed (\(failure.kind.rawValue)): uploading \(name): \(failure.message)")
                    return ExitCode.failure
                }
            }
            request = AttachmentUploader.substituting(parameterValues: ids, into: request)
        }
        var result = await runner.run(request, file: (file as NSString).lastPathComponent, streamText: { [console] text in console.show(text) })
        result.inputFiles = uploads
        if [.stream, .chat].contains(request.mode) { console.print("") }
        let record = JSONWriter().bytes(from: ResultRecord.json(for: result, sourceFile: (file as NSString).lastPathComponent, simulated: connection.simulator != nil))
        let prefix = request.mode.rawValue + "_" + BeijingTime.compact(callStarted)
        guard let saved = save(record, prefix: prefix, in: outFolder, fileSystem: fileSystem) else { return ExitCode.failure }
        if let error = result.error {
            console.print("failed (\(error.kind.rawValue)): \(error.message)")
            console.print("saved to \(saved)")
            return ExitCode.failure
        }
        if result.status == .needsInput, let chat = result.chatTranscript {
            console.print("the chatflow asks: \(chat.question ?? "")")
            console.print("saved to \(saved); to answer, run a chat request with \"conversation_id\": \"\(chat.conversationID ?? "")\" and your answer as \"message\"")
            return ExitCode.needsInput
        }
        if let question = result.question {
            console.print("the workflow asks: \(question.text)")
            console.print("saved to \(saved); to answer, drop an answer file (see the README) into a watched inbox")
            return ExitCode.needsInput
        }
        console.print("output: \(JSONWriter(prettyPrinted: false).string(from: result.output ?? .null))")
        console.print("saved to \(saved)")
        return ExitCode.success
    }

    /// Writes `prefix.json`, or `prefix_2.json`, `prefix_3.json`… when taken.
    private func save(_ record: [UInt8], prefix: String, in folder: String, fileSystem: LocalFileSystem) -> String? {
        for attempt in 1...1000 {
            let path = "\(folder)/\(prefix)\(attempt == 1 ? "" : "_\(attempt)").json"
            do {
                try fileSystem.writeNewFile(record, to: path, permissions: 0o644)
                return path
            } catch where error.code == .exists {
                continue
            } catch {
                console.error("coze-drop: cannot save the result to \(path): \(error.reason)")
                return nil
            }
        }
        return nil
    }
}

/// Prints a run's progress the way the old scripts did.
struct RunProgressPrinter: EventSink {
    let console: Console

    func record(_ event: AgentEvent) {
        switch event {
        case .sending(_, let workflowID, let mode, let parameters):
            console.print("workflow_id: \(workflowID)")
            console.print("parameters: \(parameters)")
            console.print("mode: \(mode.rawValue)")
            console.print("sending…")
        case .started(_, let executeID):
            console.print("started, execute_id: \(executeID)")
        case .polled(_, let attempt, let limit, let status):
            console.print("poll \(attempt)\(limit.map { "/\($0)" } ?? ""): \(status)")
        case .pollProblem(_, let attempt, let message):
            console.print("poll \(attempt) failed, will poll again: \(message)")
        case .warning(let message):
            console.print("warning: \(message)")
        default:
            break
        }
    }
}
