import Foundation

/// Which API addresses the agent may talk to: https anywhere, plain http only on this machine
/// (the simulator), so a token is never sent in clear text over a network.
public enum BaseURLPolicy {
    public static let defaultBaseURL = URL(string: "https://api.coze.cn")!

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case insecure(String)

        public var description: String {
            switch self {
            case .malformed(let text):
                "`\(text)` is not a usable base URL; give one like https://api.coze.cn"
            case .insecure(let text):
                "`\(text)` uses plain http to a host that is not this machine; the token would travel unencrypted. Use https (plain http is only allowed for 127.0.0.1, ::1 and localhost)."
            }
        }
    }

    public static func validate(_ text: String) throws(Problem) -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, components.query == nil, let url = components.url
        else { throw .malformed(text) }
        switch scheme {
        case "https": return url
        case "http":
            let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
            guard loopback else { throw .insecure(text) }
            return url
        default: throw .malformed(text)
        }
    }
}
