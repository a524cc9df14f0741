import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads an RSA private key from a PEM file, refusing a file other users can read or write, as ssh does.
public enum PrivateKeyFile {
    public static func load(path: String) throws(KeyProblem) -> RSAPrivateKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            if reason == ENOENT || reason == ENOTDIR {
                throw KeyProblem(
                    message: "There is no private key file at \(path). Check the path (the private_key.pem downloaded from Coze's console).",
                    chinese: "\(path) 没有私钥文件。请检查路径（扣子控制台下载的 private_key.pem）。"
                )
            }
            throw unreadable(path, String(cString: strerror(reason)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw KeyProblem(
                message: "\(path) is not a file. Give the path of the private key file (private_key.pem).",
                chinese: "\(path) 不是文件。请给出私钥文件（private_key.pem）的路径。"
            )
        }
        let permissions = info.st_mode & 0o777
        if permissions & 0o077 != 0 {
            let octal = String(permissions, radix: 8)
            throw KeyProblem(
                message: "The private key file \(path) is accessible by other users (permissions 0\(octal)), so coze-drop will not use it, as ssh would not. Make it yours alone: chmod 600 \(path)",
                chinese: "私钥文件 \(path) 其他用户也能访问（权限 0\(octal)），coze-drop 不会使用它（ssh 也不会）。请改为只有你能访问：chmod 600 \(path)"
            )
        }
        guard info.st_size <= 1 << 20 else {
            throw KeyProblem.notPEM.about(file: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable(path, "permission denied or read error")
        }
        do {
            return try RSAPrivateKey(pem: String(decoding: data, as: UTF8.self))
        } catch {
            throw error.about(file: path)
        }
    }

    private static func unreadable(_ path: String, _ reason: String) -> KeyProblem {
        KeyProblem(
            message: "The private key file \(path) cannot be read (\(reason)). Check that it belongs to the user running coze-drop.",
            chinese: "无法读取私钥文件 \(path)（\(reason)）。请确认它属于运行 coze-drop 的用户。"
        )
    }
}
