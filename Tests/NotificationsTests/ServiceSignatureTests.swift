import CozeCrypto
import Foundation
@testable import Notifications
import Testing
import TestSupport

@Suite(.serialized) struct ServiceSignatureTests {
    @Test func signsForFeishuAsItsDocumentedSampleCodePrints() throws {
        let output = try Fixture.text("feishu-sign-sample.out").split(separator: "\n")
        #expect(ServiceSignature.feishu(secret: "你的密钥", timestamp: Int(output[0])!) == String(output[1]))
    }

    @Test func signsForDingTalkAsItsDocumentedSampleCodePrints() throws {
        let output = try Fixture.text("dingtalk-sign-sample.out").split(separator: "\n")
        let sign = ServiceSignature.dingTalk(secret: "this is secret", timestampMilliseconds: Int(output[0])!)
        #expect(ServiceSignature.percentEncoded(sign) == String(output[1]))
    }

    /// `timestamp + "\n" + secret` is the HMAC key: secrets making it shorter than, exactly and
    /// longer than the 64-byte block (the timestamp and newline take 11 bytes).
    @Test(arguments: ["s", "SEC0123456789abcdef", String(repeating: "x", count: 53), String(repeating: "y", count: 54), String(repeating: "密", count: 40)])
    func signsForFeishuAsOpenSSLDoes(secret: String) throws {
        let folder = try TemporaryFolder()
        let empty = try folder.write(Data(), to: "empty")
        let timestamp = 1_599_360_473
        let reference = try OpenSSL.run(["dgst", "-sha256", "-hmac", "\(timestamp)\n\(secret)", "-binary", empty])
        #expect(ServiceSignature.feishu(secret: secret, timestamp: timestamp) == Data(reference).base64EncodedString())
    }

    @Test(arguments: ["s", "SECb9f1e0d0c2a7a8f3e5d1c9b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6", String(repeating: "z", count: 64), String(repeating: "w", count: 90)])
    func signsForDingTalkAsOpenSSLDoes(secret: String) throws {
        let folder = try TemporaryFolder()
        let milliseconds = 1_764_489_600_123
        let message = try folder.write("\(milliseconds)\n\(secret)", to: "message")
        let reference = try OpenSSL.run(["dgst", "-sha256", "-hmac", secret, "-binary", message])
        #expect(ServiceSignature.dingTalk(secret: secret, timestampMilliseconds: milliseconds) == Data(reference).base64EncodedString())
    }

    @Test(arguments: ["k", String(repeating: "k", count: 64), String(repeating: "long key ", count: 12)])
    func signsTheWebhookBodyAsOpenSSLDoes(secret: String) throws {
        let folder = try TemporaryFolder()
        let body = Array(#"{"source":"coze-drop","text":"3 个请求失败"}"#.utf8)
        let path = try folder.write(Data(body), to: "body")
        let reference = try OpenSSL.run(["dgst", "-sha256", "-hmac", secret, "-binary", path])
        #expect(ServiceSignature.webhook(secret: secret, body: body) == "sha256=" + reference.map { String(format: "%02x", $0) }.joined())
    }

    /// Python's `urllib.parse.quote_plus` on DingTalk signatures (recorded from the docs' sample).
    @Test(arguments: [
        ("s5HGBYikxgLsHUuw1Sl+GsbaoY1hLug/0M343CWmWqw=", "s5HGBYikxgLsHUuw1Sl%2BGsbaoY1hLug%2F0M343CWmWqw%3D"),
        ("PGTZFmQg2Jazif/QTQ/JkZnVmk7mBiX2M8T6z1YWy+A=", "PGTZFmQg2Jazif%2FQTQ%2FJkZnVmk7mBiX2M8T6z1YWy%2BA%3D"),
        ("a-b_c.d~e f", "a-b_c.d~e%20f"),
    ])
    func percentEncodesAsTheDocsSampleDoes(base64: String, encoded: String) {
        #expect(ServiceSignature.percentEncoded(base64) == encoded)
    }
}
