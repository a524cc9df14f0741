import Foundation

/// The simulated Coze API served on 127.0.0.1: the service plus the socket server in front of it.
public final class CozeSimulator: Sendable {
    public let service: SimulatedWorkflowService
    private let server: LoopbackHTTPServer

    /// Starts serving; `port` 0 picks a free one.
    /// - Parameter service: `.studio` speaks self-hosted Coze Studio's paths and shapes.
    /// - Parameter auth: token expiry and the OAuth JWT app; `now` is the clock tokens expire by.
    public init(
        port: Int = 0, faults: FaultPlan = .none, service flavour: SimulatedService = .coze, auth: SimulatedAuth = .none,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        let service = SimulatedWorkflowService(faults: faults, service: flavour, auth: auth, now: now)
        self.service = service
        self.server = try LoopbackHTTPServer(port: port) { request in service.handle(request) }
    }

    public var port: Int { server.port }

    /// The base URL to point a client at, e.g. `http://127.0.0.1:53211`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(server.port)")! }

    public var statistics: SimulatorStatistics { service.statistics }

    public func stop() { server.stop() }
}
