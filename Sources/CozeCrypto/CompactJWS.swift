/// JWS compact serialization (RFC 7515 §7.1) with RS256, the form of Coze's OAuth JWTs.
public enum CompactJWS {
    /// `b64url(header).b64url(payload).b64url(signature)`, the signature being RS256 over the first two parts.
    public static func signRS256(header: [UInt8], payload: [UInt8], key: RSAPrivateKey) -> String {
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = key.signSHA256(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// A token taken apart; nothing is checked but its form.
    public struct Parts: Sendable {
        /// The decoded header (JSON bytes).
        public var header: [UInt8]
        /// The decoded payload (JSON bytes).
        public var payload: [UInt8]
        /// The ASCII bytes the signature covers: `b64url(header).b64url(payload)`.
        public var signingInput: [UInt8]
        public var signature: [UInt8]
    }

    /// `nil` unless the token is three base64url parts joined by dots.
    public static func split(_ token: String) -> Parts? {
        let pieces = token.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 3,
              let header = Base64URL.decode(String(pieces[0])),
              let payload = Base64URL.decode(String(pieces[1])),
              let signature = Base64URL.decode(String(pieces[2]))
        else { return nil }
        return Parts(header: header, payload: payload, signingInput: Array((pieces[0] + "." + pieces[1]).utf8), signature: signature)
    }
}
