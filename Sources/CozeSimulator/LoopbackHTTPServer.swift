#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// One parsed HTTP/1.1 request.
public struct ServerRequest: Sendable {
    public var method: String
    /// The path without its query.
    public var path: String
    public var query: String?
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: String? = nil, headers: [String: String], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response to send, or a way of not sending it.
public struct ServerResponse: Sendable {
    /// How the answer leaves the server.
    public enum Delivery: Sendable, Equatable {
        case whole
        /// Close the connection without answering.
        case close
        /// Send the head and half the body, then close.
        case cutMidBody
        /// Say nothing for this long, then close.
        case hang(Duration)
        /// Send the head, then `parts` as chunks of a chunked body, each after its pause, then end as `ending` says.
        case stream([StreamPart], ending: StreamEnding)
    }

    /// A piece of a streamed body, sent after `pause`.
    public struct StreamPart: Sendable, Equatable {
        public var bytes: [UInt8]
        public var pause: Duration

        public init(_ text: String, after pause: Duration = .zero) {
            self.bytes = Array(text.utf8)
            self.pause = pause
        }
    }

    /// How a streamed body ends.
    public enum StreamEnding: Sendable, Equatable {
        /// The last chunk marker; the connection stays open for the next request.
        case complete
        /// The connection is closed without the last chunk marker (the stream is cut).
        case cut
        /// Nothing more for this long, then the connection is closed.
        case stall(Duration)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var delivery: Delivery

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8], delivery: Delivery = .whole) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delivery = delivery
    }
}

/// A small HTTP/1.1 server on 127.0.0.1, written on plain sockets: a blocking accept loop on one
/// thread and one thread per connection, keep-alive, `TCP_NODELAY`, one `send` per response.
/// Threads rather than Dispatch because blocking reads on Dispatch queues were far slower here.
public final class LoopbackHTTPServer: Sendable {
    public typealias Handler = @Sendable (ServerRequest) -> ServerResponse

    /// The port the server listens on (the one the system picked when asked for 0).
    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex(State())

    private struct State {
        var stopped = false
        var connections: Set<Int32> = []
    }

    /// Binds 127.0.0.1:`port` (0 picks a free port) and starts accepting.
    public init(port: Int = 0, handler: @escaping Handler) throws {
        signal(SIGPIPE, SIG_IGN)
        let socketFD = socket(AF_INET, Self.streamType, 0)
        guard socketFD >= 0 else { throw ServerError("socket() failed: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socketFD, 512) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socketFD)
            throw ServerError("cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.listener = socketFD
        self.handler = handler
        let acceptThread = Thread { [self] in self.acceptLoop() }
        acceptThread.name = "simulator-accept"
        acceptThread.start()
    }

    /// Stops accepting and closes every open connection.
    public func stop() {
        let connections = state.withLock { state -> Set<Int32> in
            guard !state.stopped else { return [] }
            state.stopped = true
            return state.connections
        }
        // close() does not wake a thread blocked in accept(); shutdown() does.
        shutdown(listener, Int32(SHUT_RDWR))
        for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
    }

    deinit {
        stop()
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                if state.withLock({ $0.stopped }) { return }
                continue
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            var yes: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            #if canImport(Darwin)
            setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections.insert(connection)
                return true
            }
            guard accepted else { close(connection); return }
            let thread = Thread { [self] in
                self.serve(connection)
                _ = self.state.withLock { $0.connections.remove(connection) }
                close(connection)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            switch HTTPRequestParser.parse(&buffer) {
            case .request(let request, let keepAlive):
                var response = handler(request)
                switch response.delivery {
                case .whole: break
                case .close: return
                case .cutMidBody:
                    _ = send(response, on: connection, bodyBytes: response.body.count / 2)
                    return
                case .hang(let duration):
                    Self.pause(duration)
                    return
                case .stream(let parts, let ending):
                    guard stream(response, parts: parts, ending: ending, on: connection), keepAlive else { return }
                    continue
                }
                if !keepAlive { response.headers.append(("Connection", "close")) }
                guard send(response, on: connection), keepAlive else { return }
                continue
            case .malformed:
                _ = send(ServerResponse(status: 400, headers: [("Connection", "close")], body: Array("bad request".utf8)), on: connection)
                return
            case .needMore:
                break
            }
            let received = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if received <= 0 {
                if received < 0, errno == EINTR { continue }
                return
            }
            buffer.append(contentsOf: chunk[0..<received])
        }
    }

    private func send(_ response: ServerResponse, on connection: Int32, bodyBytes: Int? = nil) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        var hasLength = false
        for (name, value) in response.headers {
            head += "\(name): \(value)\r\n"
            if name.lowercased() == "content-length" { hasLength = true }
        }
        if !hasLength { head += "Content-Length: \(response.body.count)\r\n" }
        head += "\r\n"
        return writeAll(Array(head.utf8) + response.body.prefix(bodyBytes ?? response.body.count), to: connection)
    }

    /// Sends a chunked body piece by piece; `false` when the connection must be closed.
    private func stream(_ response: ServerResponse, parts: [ServerResponse.StreamPart], ending: ServerResponse.StreamEnding, on connection: Int32) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Transfer-Encoding: chunked\r\n\r\n"
        guard writeAll(Array(head.utf8), to: connection) else { return false }
        for part in parts {
            Self.pause(part.pause)
            guard part.bytes.isEmpty || writeAll(Array((String(part.bytes.count, radix: 16) + "\r\n").utf8) + part.bytes + [13, 10], to: connection) else { return false }
        }
        switch ending {
        case .complete: return writeAll(Array("0\r\n\r\n".utf8), to: connection)
        case .cut: return false
        case .stall(let duration):
            Self.pause(duration)
            return false
        }
    }

    static func pause(_ duration: Duration) {
        guard duration > .zero else { return }
        let (seconds, attoseconds) = duration.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Writes every byte; `false` when the peer has gone.
    func writeAll(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glue.send(connection, raw.baseAddress! + offset, raw.count - offset)
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Time-out"
        default: "Status"
        }
    }

    #if canImport(Glibc)
    static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
    static let streamType = SOCK_STREAM
    #endif
}

/// Platform differences in sending without SIGPIPE.
private enum Glue {
    static func send(_ socket: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.send(socket, pointer, count, Int32(MSG_NOSIGNAL))
        #else
        return Darwin.send(socket, pointer, count, 0)
        #endif
    }
}

/// Why the server could not start.
public struct ServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
