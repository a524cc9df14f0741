import CozeAPI
import Foundation

/// One HTTP request to a chat service or webhook, ready to send: method, URL, headers, body.
///
/// Its `description` names the service, host and size only; the URL (a credential) stays out of logs.
public struct NotificationRequest: Sendable, Equatable {
    public var service: NotificationService
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: [UInt8]

    public init(service: NotificationService, method: String = "POST", url: URL, headers: [String: String], body: [UInt8]) {
        self.service = service
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The same request for CozeAPI's transport seam (`HTTPTransport`).
    public func httpRequest(timeout: Duration = .seconds(15)) -> HTTPRequest {
        HTTPRequest(method: method, url: url, headers: headers, body: Data(body), timeout: timeout)
    }
}

extension NotificationRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "\(method) to \(service.displayName) (\(url.host ?? "?")), \(body.count) bytes" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["service": service, "host": url.host ?? "?", "bytes": body.count])
    }
}
