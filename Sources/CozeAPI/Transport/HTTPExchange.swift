import Foundation

/// One HTTP request as the transport sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// How long to wait for the answer before giving up.
    public var timeout: Duration

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Duration = .seconds(60)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
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
