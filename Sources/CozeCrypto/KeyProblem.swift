/// Why a key could not be read or used, in words a person can act on.
///
/// Messages name the file and what to do; they never contain key material.
public struct KeyProblem: Error, Sendable, CustomStringConvertible {
    /// English.
    public var message: String
    /// Chinese (简体中文).
    public var chinese: String

    public init(message: String, chinese: String) {
        self.message = message
        self.chinese = chinese
    }

    public var description: String { message }

    /// The same problem, said about the file at `path`.
    public func about(file path: String) -> KeyProblem {
        KeyProblem(message: "\(path): \(message)", chinese: "\(path)：\(chinese)")
    }
}

extension KeyProblem {
    static let notPEM = KeyProblem(
        message: "No PEM key found. A private key file starts with -----BEGIN PRIVATE KEY----- (the private_key.pem that Coze's console downloads when you create a key for an OAuth app) or -----BEGIN RSA PRIVATE KEY-----.",
        chinese: "没有找到 PEM 格式的密钥。私钥文件以 -----BEGIN PRIVATE KEY-----（在扣子控制台为 OAuth 应用创建密钥时下载的 private_key.pem）或 -----BEGIN RSA PRIVATE KEY----- 开头。"
    )

    static let notPublicPEM = KeyProblem(
        message: "No PEM public key found. A public key file starts with -----BEGIN PUBLIC KEY-----; make one from the private key with: openssl pkey -in private_key.pem -pubout -out public_key.pem",
        chinese: "没有找到 PEM 格式的公钥。公钥文件以 -----BEGIN PUBLIC KEY----- 开头；可以从私钥生成：openssl pkey -in private_key.pem -pubout -out public_key.pem"
    )

    static let encrypted = KeyProblem(
        message: "The private key is encrypted with a passphrase, and coze-drop cannot ask for one. Write an unencrypted copy only you can read: openssl pkey -in KEY.pem -out plain.pem && chmod 600 plain.pem",
        chinese: "私钥用口令加密了，coze-drop 无法输入口令。请另存一份不加密、只有你能读的副本：openssl pkey -in KEY.pem -out plain.pem && chmod 600 plain.pem"
    )

    static let publicInsteadOfPrivate = KeyProblem(
        message: "This is a public key, but a private key is needed here. Give the private_key.pem downloaded when the key was created in Coze's console (the public key stays with Coze).",
        chinese: "这是公钥，这里需要私钥。请使用在扣子控制台创建密钥时下载的 private_key.pem（公钥保存在扣子）。"
    )

    static let privateInsteadOfPublic = KeyProblem(
        message: "This is a private key, but a public key is needed here. Make it with: openssl pkey -in private_key.pem -pubout -out public_key.pem",
        chinese: "这是私钥，这里需要公钥。可以这样生成：openssl pkey -in private_key.pem -pubout -out public_key.pem"
    )

    static let damaged = KeyProblem(
        message: "The key could not be read: its PEM text is damaged or is not an RSA key. Download or export it again (an RSA key in PKCS#8 \"BEGIN PRIVATE KEY\" or PKCS#1 \"BEGIN RSA PRIVATE KEY\" form).",
        chinese: "无法读取密钥：PEM 内容已损坏，或者不是 RSA 密钥。请重新下载或导出（PKCS#8 \"BEGIN PRIVATE KEY\" 或 PKCS#1 \"BEGIN RSA PRIVATE KEY\" 格式的 RSA 密钥）。"
    )

    static let notRSA = KeyProblem(
        message: "The key is not an RSA key. Coze's OAuth JWT apps sign with RS256: create an RSA key pair in Coze's console (OAuth app > create key).",
        chinese: "这不是 RSA 密钥。扣子的 OAuth JWT 应用使用 RS256 签名：请在扣子控制台（OAuth 应用 > 创建 Key）创建 RSA 密钥对。"
    )

    static let openSSH = KeyProblem(
        message: "This is an OpenSSH key, not a PEM RSA key. Convert an RSA one with: ssh-keygen -p -m PKCS8 -f KEY (this rewrites KEY), or use the private_key.pem from Coze's console.",
        chinese: "这是 OpenSSH 格式的密钥，不是 PEM 格式的 RSA 密钥。可以用 ssh-keygen -p -m PKCS8 -f KEY 转换 RSA 密钥（会改写 KEY），或者使用扣子控制台下载的 private_key.pem。"
    )

    static let multiPrime = KeyProblem(
        message: "The key is a multi-prime RSA key, which coze-drop does not read. Use a two-prime RSA key, such as the one Coze's console creates.",
        chinese: "这是多素数 RSA 密钥，coze-drop 不支持。请使用普通的双素数 RSA 密钥（扣子控制台创建的就是）。"
    )

    static func size(_ bits: Int) -> KeyProblem {
        KeyProblem(
            message: "The RSA key has \(bits) bits; coze-drop takes keys of 2048 to 4096 bits. Create a new key pair in Coze's console (OAuth app > create key).",
            chinese: "RSA 密钥长度为 \(bits) 位；coze-drop 只接受 2048 到 4096 位的密钥。请在扣子控制台（OAuth 应用 > 创建 Key）创建新的密钥对。"
        )
    }
}
