import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The real transport: one shared `URLSession` so connections are kept alive and reused.
///
/// On Linux, while the first request on a newly opened connection waits, FoundationNetworking burns
/// most of a core (a socket source stays armed); requests on a reused connection wait for free.
/// So before a call would need a new connection, a cheap `GET /` (not an API call) opens one, and
/// the call reuses it. This makes a lone long call free; with several long calls at once about one
/// core is still burnt (measured in Benchmarks/RESULTS.md).
public final class URLSessionTransport: Sendable {
    private let session: URLSession
    private let maximumConnections: Int
    /// Calls under way, and connections opened so far by warm-up requests.
    private let connections = Mutex<(inFlight: Int, warmed: Int)>((0, 0))

    public init(maximumConnectionsPerHost: Int = 16) {
        let configuration = URLSessionConfiguration.ephemeral
        // The default configuration writes a disk cache under ~/.cache; API answers must never be cached.
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
        maximumConnections = maximumConnectionsPerHost
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// This transport as the closure the client takes.
    public var transport: HTTPTransport {
        { [self] request in try await self.send(request) }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let needsConnection = connections.withLock { state -> Bool in
            state.inFlight += 1
            guard state.inFlight > state.warmed, state.warmed < maximumConnections else { return false }
            state.warmed += 1
            return true
        }
        defer { connections.withLock { $0.inFlight -= 1 } }
        if needsConnection { await warmUp(request.url) }
        return try await perform(request)
    }

    /// Opens a connection with a request that costs nothing, leaving it idle in the pool.
    private func warmUp(_ url: URL) async {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return }
        components.path = "/"
        components.query = nil
        guard let root = components.url else { return }
        var warm = URLRequest(url: root)
        warm.httpMethod = "GET"
        warm.timeoutInterval = 10
        _ = try? await session.data(for: warm)
    }

    private func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        // An inactivity timer on Linux; a sync call sends nothing until it answers, so it bounds the wait.
        urlRequest.timeoutInterval = max(1, Double(request.timeout.components.seconds))
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw TransportError(kind: .connectionLost, detail: "the answer was not HTTP")
            }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                if let name = key as? String, let text = value as? String { headers[name] = text }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as URLError {
            throw Self.classify(error)
        } catch is CancellationError {
            throw TransportError(kind: .cancelled, detail: "cancelled")
        }
    }

    static func classify(_ error: URLError) -> TransportError {
        switch error.code {
        case .timedOut:
            return TransportError(kind: .timeout, detail: "no answer in time")
        case .cancelled:
            return TransportError(kind: .cancelled, detail: "cancelled")
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
             .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .unsupportedURL, .badURL:
            return TransportError(kind: .cannotConnect, detail: error.localizedDescription)
        default:
            return TransportError(kind: .connectionLost, detail: error.localizedDescription)
        }
    }
}
