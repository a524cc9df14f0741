import Foundation
import OrderedJSON

/// How CozeDrop names itself to Coze, the way the official SDKs do (cozepy `request.py`, coze-go
/// `user_agent.go`): a `User-Agent` and an `X-Coze-Client-User-Agent` JSON with the same keys.
public enum ClientIdentity {
    /// CozeDrop's version, shown by `coze-drop --version` and sent in the headers.
    public static let version = "0.3.0"

    static var operatingSystem: (name: String, version: String) {
        #if os(macOS)
        let name = "darwin"
        #elseif os(Linux)
        let name = "linux"
        #else
        let name = "unknown"
        #endif
        let info = ProcessInfo.processInfo.operatingSystemVersion
        return (name, "\(info.majorVersion).\(info.minorVersion).\(info.patchVersion)")
    }

    static var swiftVersion: String {
        #if swift(>=6.3)
        "6.3"
        #elseif swift(>=6.2)
        "6.2"
        #elseif swift(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// `coze-drop/<version> (<os>)`.
    public static let userAgent = "coze-drop/\(version) (\(operatingSystem.name) \(operatingSystem.version); swift/\(swiftVersion))"

    /// `{"version","lang","lang_version","os_name","os_version"}`, as the SDKs send.
    public static let clientUserAgent: String = JSONWriter(prettyPrinted: false).string(from: .object([
        "version": .string(version), "lang": .string("swift"), "lang_version": .string(swiftVersion),
        "os_name": .string(operatingSystem.name), "os_version": .string(operatingSystem.version),
    ]))
}
