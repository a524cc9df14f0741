import Foundation

/// One HTTP request as the transport sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// A file whose bytes are the body, streamed from disk instead of loaded (an upload).
    public var bodyFile: String?
    /// How long to wait for the answer before giving up.
    public var timeout: Duration

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, bodyFile: String? = nil, timeout: Duration = .seconds(60)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
        self.timeout = timeout
    }
}

/// One HTTP response. Header names are stored lower-cased, so look-ups ignore case.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// The whole HTTP layer as one function, so tests can swap in a recording closure.
public typealias HTTPTransport = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// Why a request got no HTTP answer at all.
public struct TransportError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Nothing came back in time.
        case timeout
        /// The connection could not be made; the request never reached the server.
        case cannotConnect
        /// The connection broke after it was made; the server may have received the request.
        case connectionLost
        /// The task was cancelled by us.
        case cancelled
    }

    public var kind: Kind
    public var detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// An HTTP answer read as it arrives: status and headers first, then the body in chunks.
public struct HTTPStreamResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: AsyncThrowingStream<Data, any Error>

    public init(status: Int, headers: [String: String] = [:], body: AsyncThrowingStream<Data, any Error>) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// A whole response as a stream of one chunk: lets any `HTTPTransport` (a test's script, say)
    /// answer streamed calls too.
    public init(whole response: HTTPResponse) {
        let (body, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        if !response.body.isEmpty { continuation.yield(response.body) }
        continuation.finish()
        self.init(status: response.status, headers: response.headers, body: body)
    }

    /// Reads the rest of the body (for an answer that turned out not to be a stream).
    public func collected() async throws -> HTTPResponse {
        var data = Data()
        for try await chunk in body { data.append(chunk) }
        return HTTPResponse(status: status, headers: headers, body: data)
    }
}

/// The streaming half of the HTTP layer, as one function.
public typealias HTTPStreamTransport = @Sendable (HTTPRequest) async throws -> HTTPStreamResponse
