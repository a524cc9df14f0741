import Foundation

/// PEM armour (RFC 7468): the `-----BEGIN LABEL-----` block of a text file, as bytes.
struct PEM: Sendable {
    /// `PRIVATE KEY`, `RSA PRIVATE KEY`, `PUBLIC KEY`, ….
    var label: String
    var bytes: [UInt8]

    /// The first block whose label ends in `KEY`, or `missing` thrown. Encrypted keys are refused
    /// here, with what to do.
    init(text: String, missing: KeyProblem = .notPEM) throws(KeyProblem) {
        var label: String?
        var body = ""
        var encryptedHeader = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let current = label {
                if line == "-----END \(current)-----" { break }
                if line.hasPrefix("-----") { throw KeyProblem.damaged }
                if line.contains(":") {
                    if line.hasPrefix("Proc-Type:"), line.contains("ENCRYPTED") { encryptedHeader = true }
                    continue
                }
                body += line
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                let name = String(line.dropFirst("-----BEGIN ".count).dropLast(5))
                if name.hasSuffix("KEY") { label = name }
            }
        }
        guard let label else { throw missing }
        if label == "ENCRYPTED PRIVATE KEY" || encryptedHeader { throw KeyProblem.encrypted }
        if label == "OPENSSH PRIVATE KEY" { throw KeyProblem.openSSH }
        guard let data = Data(base64Encoded: body), !data.isEmpty else { throw KeyProblem.damaged }
        self.label = label
        self.bytes = [UInt8](data)
    }
}
