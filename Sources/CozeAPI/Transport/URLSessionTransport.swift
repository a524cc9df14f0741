import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The real transport: keep-alive connections in lanes (see `ConnectionLanes` for why), each lane a
/// `URLSession` limited to one connection, plus one shared session for calls beyond the lanes.
public final class URLSessionTransport: Sendable {
    private struct Lanes {
        var schedule: ConnectionLanes
        var sessions: [URLSession] = []
    }

    private let lanes: Mutex<Lanes>
    private let overflow: URLSession
    private let streaming = StreamingDelegate()
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    /// - Parameter maximumConnections: lanes kept open at most; more calls at once share a session.
    public init(maximumConnections: Int = 16) {
        lanes = Mutex(Lanes(schedule: ConnectionLanes(capacity: maximumConnections)))
        overflow = Self.makeSession(connectionsPerHost: max(6, maximumConnections), delegate: streaming)
        origin = clock.now
    }

    deinit {
        overflow.finishTasksAndInvalidate()
        lanes.withLock { $0.sessions.forEach { $0.finishTasksAndInvalidate() } }
    }

    private static func makeSession(connectionsPerHost: Int, delegate: StreamingDelegate) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        // The default configuration writes a disk cache under ~/.cache; API answers must never be cached.
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = connectionsPerHost
        configuration.httpCookieStorage = nil
        return URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    /// This transport as the closure the client takes.
    public var transport: HTTPTransport {
        { [self] request in try await self.send(request) }
    }

    /// This transport's streaming half as the closure the client takes.
    public var streamTransport: HTTPStreamTransport {
        { [self] request in try await self.stream(request) }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (lane, session) = takeLane()
        var healthy = false
        defer { if let lane { giveBack(lane.index, healthy: healthy) } }
        if lane?.warmUp == true { await warmUp(request.url, on: session) }
        let response = try await perform(request, on: session)
        healthy = true
        return response
    }

    /// Sends `request` and returns as soon as the headers are in; the body follows as it arrives.
    /// The lane stays taken until the body has ended.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamResponse {
        let (lane, session) = takeLane()
        if lane?.warmUp == true { await warmUp(request.url, on: session) }
        let task = session.dataTask(with: urlRequest(for: request))
        let (body, feed) = AsyncThrowingStream<Data, any Error>.makeStream()
        feed.onTermination = { _ in task.cancel() }
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (head: CheckedContinuation<StreamingDelegate.Head, any Error>) in
                streaming.start(task, head: head, body: feed) { [self] healthy in
                    if let lane { giveBack(lane.index, healthy: healthy) }
                }
            }
        } onCancel: {
            task.cancel()
        }
        return HTTPStreamResponse(status: head.status, headers: head.headers, body: body)
    }

    /// A lane and its session, or no lane (the overflow session) when every lane is busy.
    private func takeLane() -> (lane: (index: Int, warmUp: Bool)?, session: URLSession) {
        lanes.withLock { state in
            guard case .lane(let index, let warmUp) = state.schedule.take(at: clock.now - origin) else { return (nil, overflow) }
            if index == state.sessions.count { state.sessions.append(Self.makeSession(connectionsPerHost: 1, delegate: streaming)) }
            return ((index, warmUp), state.sessions[index])
        }
    }

    private func giveBack(_ index: Int, healthy: Bool) {
        let now = clock.now - origin
        lanes.withLock { $0.schedule.release(index, at: now, healthy: healthy) }
    }

    /// Opens the lane's connection with a request that costs nothing (not an API call).
    private func warmUp(_ url: URL, on session: URLSession) async {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return }
        components.path = "/"
        components.query = nil
        guard let root = components.url else { return }
        var warm = URLRequest(url: root)
        warm.httpMethod = "GET"
        warm.timeoutInterval = 10
        _ = try? await session.data(for: warm)
    }

    private func urlRequest(for request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        // An inactivity timer on Linux (reset by every byte): for a sync call it bounds the wait for
        // the answer, for a stream the silence between events.
        urlRequest.timeoutInterval = max(1, Double(request.timeout.components.seconds))
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        return urlRequest
    }

    private func perform(_ request: HTTPRequest, on session: URLSession) async throws -> HTTPResponse {
        let urlRequest = urlRequest(for: request)
        do {
            let (data, response) = if let file = request.bodyFile {
                try await upload(urlRequest, fromFile: file, on: session)
            } else {
                try await session.data(for: urlRequest)
            }
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

    /// Sends a body read from disk as it goes, so a large upload is never held in memory.
    private func upload(_ request: URLRequest, fromFile path: String, on session: URLSession) async throws -> (Data, URLResponse) {
        let task = Mutex<URLSessionUploadTask?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
                let upload = session.uploadTask(with: request, fromFile: URL(fileURLWithPath: path)) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let response {
                        continuation.resume(returning: (data ?? Data(), response))
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
                task.withLock { $0 = upload }
                upload.resume()
            }
        } onCancel: {
            task.withLock { $0?.cancel() }
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
