import CozeCrypto
import Foundation
import OrderedJSON

/// An OAuth service app (服务类应用): signs an RS256 JWT with the app's private key and exchanges
/// it at `POST /api/permission/oauth2/token` for an access token of `tokenTTL` seconds, as often as
/// needed. Neither the key nor the JWT nor the token is ever logged.
public struct OAuthJWTSource: TokenSource {
    public static let defaultTTL = 3600
    public static let maximumTTL = 86_399
    static let tokenPath = "/api/permission/oauth2/token"
    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// How long the JWT itself may be used (it is used once, at once).
    static let jwtLifetime: TimeInterval = 600

    public let appID: String
    public let keyID: String
    let key: RSAPrivateKey
    public let tokenTTL: Int
    let baseURL: URL
    let transport: HTTPTransport
    let random: @Sendable () -> [UInt8]

    public init(appID: String, keyID: String, key: RSAPrivateKey, tokenTTL: Int = OAuthJWTSource.defaultTTL, baseURL: URL,
                transport: @escaping HTTPTransport, random: @escaping @Sendable () -> [UInt8] = OAuthJWTSource.randomBytes) {
        self.appID = appID
        self.keyID = keyID
        self.key = key
        self.tokenTTL = tokenTTL
        self.baseURL = baseURL
        self.transport = transport
        self.random = random
    }

    public var origin: String { "the OAuth app \(appID)" }
    public var canRenew: Bool { true }

    /// 32 random bytes for the `jti`.
    public static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The JWT's audience: the API host, with its port when it is not the scheme's default (as the SDKs do).
    var audience: String {
        let host = baseURL.host ?? ""
        guard let port = baseURL.port else { return host }
        let isDefault = (baseURL.scheme == "https" && port == 443) || (baseURL.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }

    /// The signed JWT for `now`.
    public func jwt(now: Date) -> String {
        let writer = JSONWriter(prettyPrinted: false)
        let issued = Int(now.timeIntervalSince1970)
        let header = JSONValue.object(["alg": .string("RS256"), "typ": .string("JWT"), "kid": .string(keyID)])
        let payload = JSONValue.object([
            "iss": .string(appID), "aud": .string(audience), "iat": .integer(issued),
            "exp": .integer(issued + Int(Self.jwtLifetime)),
            "jti": .string(random().map { String(format: "%02x", $0) }.joined()),
        ])
        return CompactJWS.signRS256(header: writer.bytes(from: header), payload: writer.bytes(from: payload), key: key)
    }

    public func fetch(now: Date) async throws(TokenProblem) -> AccessToken {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let body = JSONValue.object(["grant_type": .string(Self.grantType), "duration_seconds": .integer(tokenTTL)])
        let request = HTTPRequest(method: "POST", url: URL(string: base + Self.tokenPath)!, headers: [
            "Authorization": "Bearer \(jwt(now: now))", "Content-Type": "application/json", "Accept": "application/json",
            "User-Agent": ClientIdentity.userAgent, "X-Coze-Client-User-Agent": ClientIdentity.clientUserAgent,
        ], body: Data(JSONWriter(prettyPrinted: false).bytes(from: body)), timeout: .seconds(30))
        let response: HTTPResponse
        do {
            response = try await transport(request)
        } catch {
            throw TokenProblem("the OAuth token endpoint \(base)\(Self.tokenPath) could not be reached (\(error)); check the network and the base URL",
                               chinese: "无法连接 OAuth 令牌接口 \(base)\(Self.tokenPath)（\(error)）；请检查网络和 API 地址")
        }
        let json = try? JSONParser().parse(bytes: Array(response.body))
        if let token = json?["access_token"]?.stringValue, !token.isEmpty {
            let expiry = json?["expires_in"]?.doubleValue.map { AccessToken.expiry(expiresIn: $0, now: now) }
            return AccessToken(value: token, expiresAt: expiry, obtainedAt: now)
        }
        throw Self.problem(json: json, httpStatus: response.status, appID: appID)
    }

    /// Coze's `{"error_code", "error_message"}` with what to check.
    static func problem(json: JSONValue?, httpStatus: Int, appID: String) -> TokenProblem {
        let code = json?["error_code"]?.stringValue ?? json?["error"]?.stringValue ?? json?["code"].map { JSONWriter(prettyPrinted: false).string(from: $0) } ?? ""
        let said = json?["error_message"]?.stringValue ?? json?["msg"]?.stringValue ?? ""
        let answer = "Coze's OAuth endpoint answered HTTP \(httpStatus)\(code.isEmpty ? "" : " \(code)")\(said.isEmpty ? "" : ": \(said)")"
        let answerZH = "Coze 的 OAuth 接口返回 HTTP \(httpStatus)\(code.isEmpty ? "" : " \(code)")\(said.isEmpty ? "" : "：\(said)")"
        let (hint, hintZH): (String, String) = switch code {
        case "invalid_client":
            ("check the app id (\(appID), on the OAuth apps page), the key id (the public key fingerprint on the app's page), and that the private key file is the one Coze made with that key; an app made on coze.com does not work with api.coze.cn, nor the other way round",
             "请检查应用 ID（\(appID)，在 OAuth 应用页面）、公钥指纹（应用的配置页面），以及私钥文件是否与该公钥配对；coze.com 上创建的应用不能用于 api.coze.cn，反之亦然")
        case "access_deny", "access_denied":
            ("the app is deactivated or not authorized: open it in Coze's OAuth apps, enable it, click 授权 (authorize), and give it the permissions the workflows need",
             "应用已被停用或尚未授权：在 Coze 的 OAuth 应用中打开它，启用后点击“授权”，并授予工作流需要的权限")
        case "invalid_request", "unsupported_grant_type":
            ("the request was refused as malformed; check that the app is a service app (服务类应用) and that oauth_token_ttl is at most 86399",
             "请求被认为格式有误；请确认应用类型是服务类应用，且 oauth_token_ttl 不超过 86399")
        default:
            ("check the app id, key id and key file, the app's authorization, and the site (coze.cn or coze.com)",
             "请检查应用 ID、公钥指纹和私钥文件、应用的授权，以及站点（coze.cn 或 coze.com）")
        }
        return TokenProblem("\(answer); \(hint)", chinese: "\(answerZH)；\(hintZH)")
    }
}
