import CozeCrypto
import Foundation

/// The signing recipes of the services, each as its documentation gives it.
public enum ServiceSignature {
    /// Feishu custom bot 签名校验: "把 timestamp + "\n" + 密钥 当做签名字符串，使用 HmacSHA256 算法计算签名，
    /// 再进行 Base64 编码", the timestamp in seconds and within an hour of Feishu's clock. The string is
    /// the HMAC *key* and the message is empty, as Feishu's Java/Go/Python samples do
    /// (`mac.init(new SecretKeySpec(stringToSign…)); mac.doFinal(new byte[]{})`).
    /// https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (签名校验); the samples are quoted at
    /// https://blog.csdn.net/ASDQWE09876/article/details/144612767 and https://m.down10s.com/jiaocheng/5605312225.html.
    public static func feishu(secret: String, timestamp: Int) -> String {
        base64(HMACSHA256.authenticationCode(for: [UInt8](), key: Array("\(timestamp)\n\(secret)".utf8)))
    }

    /// DingTalk custom robot 加签: "把 timestamp+"\n"+密钥 当做签名字符串，使用 HmacSHA256 算法计算签名，然后进行
    /// Base64 encode，最后再把签名参数再进行 urlEncode", the timestamp in milliseconds; here the secret is the
    /// key and the string the message (`mac.init(new SecretKeySpec(secret…)); mac.doFinal(stringToSign…)`).
    /// https://open.dingtalk.com/document/robots/customize-robot-security-settings, quoted at
    /// https://apifox.com/apidoc/docs-site/467052/doc-3550006. Returns the Base64 text before URL-encoding.
    public static func dingTalk(secret: String, timestampMilliseconds: Int) -> String {
        base64(HMACSHA256.authenticationCode(for: "\(timestampMilliseconds)\n\(secret)", key: secret))
    }

    /// The `X-CozeDrop-Signature` header value of the generic webhook: `sha256=` and the lower-case
    /// hex HMAC-SHA256 of the exact body bytes under the secret (GitHub's webhook convention).
    public static func webhook(secret: String, body: [UInt8]) -> String {
        "sha256=" + HMACSHA256.authenticationCode(for: body, key: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Standard Base64 with padding (RFC 4648 §4).
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, as Java's `URLEncoder` and
    /// Python's `quote_plus` do for Base64 text (`+` → `%2B`, `/` → `%2F`, `=` → `%3D`).
    public static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
