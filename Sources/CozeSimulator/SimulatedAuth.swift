import CozeCrypto

/// How the simulator treats tokens: whether they expire, and whether it plays an OAuth JWT app
/// (`POST /api/permission/oauth2/token`). The default accepts any token forever, as before.
public struct SimulatedAuth: Sendable {
    /// Every Bearer token expires this long after its first use (answering 4100 after that, like
    /// Coze); tokens issued through OAuth expire at their own `expires_in`. `nil`: never.
    public var tokenTTL: Duration?
    /// The OAuth JWT app whose JWTs the token endpoint accepts; `nil`: the endpoint refuses all.
    public var oauth: OAuthApp?

    public init(tokenTTL: Duration? = nil, oauth: OAuthApp? = nil) {
        self.tokenTTL = tokenTTL
        self.oauth = oauth
    }

    public static let none = SimulatedAuth()

    /// A Coze OAuth service app (服务类应用) as the console shows it: the app id (the JWT's `iss`),
    /// the public key's fingerprint (the JWT header's `kid`) and the public key itself.
    public struct OAuthApp: Sendable {
        public var appID: String
        public var keyID: String
        public var publicKey: RSAPublicKey

        public init(appID: String, keyID: String, publicKey: RSAPublicKey) {
            self.appID = appID
            self.keyID = keyID
            self.publicKey = publicKey
        }
    }
}
