import Foundation

/// Which API addresses the agent may talk to: https anywhere, plain http only on this machine
/// (the simulator), so a token is never sent in clear text over a network. A self-hosted Coze
/// Studio (service set to studio) may also be reached over plain http on a private network.
public enum BaseURLPolicy {
    public static let defaultBaseURL = URL(string: "https://api.coze.cn")!

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case insecure(String)
        /// Plain http to a public address, refused even for Coze Studio.
        case insecureStudio(String)

        public var description: String {
            switch self {
            case .malformed(let text):
                "`\(text)` is not a usable base URL; give one like https://api.coze.cn"
            case .insecure(let text):
                "`\(text)` uses plain http to a host that is not this machine; the token would travel unencrypted. Use https (plain http is only allowed for 127.0.0.1, ::1 and localhost). For a self-hosted Coze Studio on a private network, set the service setting to studio."
            case .insecureStudio(let text):
                "`\(text)` uses plain http to a public address; the token would travel unencrypted over the internet. Use https, or reach Coze Studio through a private-network address (10.x, 172.16–31.x, 192.168.x, fc00::/7, a *.local or single-label host name)."
            }
        }

        /// The connection setting the description asks to change.
        public var setting: ConnectionSetting {
            switch self {
            case .malformed, .insecureStudio: .baseURL
            case .insecure: .service(.studio)
            }
        }
    }

    public static func validate(_ text: String) throws(Problem) -> URL {
        try validate(text, service: .coze)
    }

    /// Checks `text`; with `.studio`, plain http is also allowed to private-network hosts.
    public static func validate(_ text: String, service: CozeService) throws(Problem) -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, components.query == nil, let url = components.url
        else { throw .malformed(text) }
        switch scheme {
        case "https": return url
        case "http":
            if isLoopback(host) { return url }
            guard service == .studio else { throw .insecure(text) }
            guard isPrivateNetwork(host) else { throw .insecureStudio(text) }
            return url
        default: throw .malformed(text)
        }
    }

    /// Whether plain http to `url` sends the token over a network (not just within this machine):
    /// the start-up warning for Coze Studio on a private network.
    public static func sendsTokenUnencrypted(_ url: URL) -> Bool {
        guard url.scheme?.lowercased() == "http", let host = url.host else { return false }
        return !isLoopback(host)
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = unbracketed(host).lowercased()
        return bare == "localhost" || bare == "::1" || (ipv4(bare)?.first == 127)
    }

    /// Loopback, 10/8, 172.16/12, 192.168/16, fc00::/7, link-local, `*.local`, or a single-label
    /// host name (`coze-server`), which only a local resolver can answer.
    public static func isPrivateNetwork(_ host: String) -> Bool {
        let bare = unbracketed(host).lowercased()
        if isLoopback(bare) { return true }
        if let octets = ipv4(bare) {
            switch (octets[0], octets[1]) {
            case (10, _), (192, 168), (169, 254): return true
            case (172, 16...31): return true
            default: return false
            }
        }
        if bare.contains(":") {
            guard let first = bare.split(separator: ":", omittingEmptySubsequences: false).first,
                  let group = UInt16(first, radix: 16), !first.isEmpty else { return false }
            return group & 0xFE00 == 0xFC00 || group & 0xFFC0 == 0xFE80
        }
        let name = bare.hasSuffix(".") ? String(bare.dropLast()) : bare
        if name.hasSuffix(".local") { return true }
        // A single label with a letter in it; digits alone (`134744072`) or hex (`0x08080808`) are
        // addresses to the resolver, possibly public ones.
        let isNumeric = name.allSatisfy(\.isNumber) || (name.hasPrefix("0x") && name.dropFirst(2).allSatisfy(\.isHexDigit))
        return !name.isEmpty && !name.contains(".") && !isNumeric && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The four numbers of a dotted IPv4 address, or `nil`.
    private static func ipv4(_ host: String) -> [Int]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let numbers = parts.compactMap { part -> Int? in
            // A leading zero means octal to some resolvers (`010` is 8): not read as decimal here.
            guard !part.isEmpty, part.count <= 3, part == "0" || !part.hasPrefix("0"), part.allSatisfy(\.isASCII),
                  let number = Int(part), (0...255).contains(number) else { return nil }
            return number
        }
        return numbers.count == 4 ? numbers : nil
    }
}
