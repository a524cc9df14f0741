import CozeAPI
import DropFolder
import Foundation

/// One `watch --once` pass of the agent over a real folder, with the real URLSession transport,
/// as the end-to-end tests run it: no settle wait, a fast scan, no rate limit.
public enum AgentRun {
    /// Runs the agent once over `root` against `baseURL`; `adjust` changes the configuration first.
    @discardableResult
    public static func once(root: String, baseURL: URL, token: String, service: CozeService = .coze,
                            adjust: (inout AgentConfiguration) -> Void = { _ in }) async -> RecordingEventSink {
        await once(root: root, baseURL: baseURL, source: FixedTokenSource(token), service: service, adjust: adjust)
    }

    /// The same with the token from `source`.
    @discardableResult
    public static func once(root: String, baseURL: URL, source: any TokenSource, service: CozeService = .coze,
                            adjust: (inout AgentConfiguration) -> Void = { _ in }) async -> RecordingEventSink {
        var configuration = AgentConfiguration(layout: FolderLayout(root: root))
        configuration.once = true
        configuration.settle = .zero
        configuration.interval = .milliseconds(20)
        configuration.simulated = true
        configuration.maximumRequestsPerSecond = 0
        adjust(&configuration)
        var client = CozeClient(baseURL: baseURL, credentials: TokenBroker(source: source), urlSession: URLSessionTransport())
        client.service = service
        let events = RecordingEventSink()
        await DropAgent(configuration: configuration, client: client, events: events).run()
        return events
    }
}
