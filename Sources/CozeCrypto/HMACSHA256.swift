/// HMAC-SHA256 (RFC 2104, with SHA-256 as FIPS 198-1 and RFC 4231 use it), over the package's own
/// `SHA256`.
///
/// Keys longer than the 64-byte block are hashed first; shorter ones are padded with zeros.
/// Chat services sign their webhooks with it (Feishu, DingTalk), and so does the generic webhook.
public enum HMACSHA256 {
    /// The SHA-256 block size in bytes: keys up to this length are used as they are.
    public static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode<Key: Sequence, Message: Sequence>(for message: Message, key: Key) -> [UInt8]
    where Key.Element == UInt8, Message.Element == UInt8 {
        var block = Array(key)
        if block.count > blockSize { block = SHA256.hash(block) }
        block += repeatElement(0, count: blockSize - block.count)
        var inner = SHA256.Hasher()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256.Hasher()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finish())
        return outer.finish()
    }

    /// The code of the UTF-8 bytes of `message` under the UTF-8 bytes of `key`.
    public static func authenticationCode(for message: String, key: String) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: Array(key.utf8))
    }
}
