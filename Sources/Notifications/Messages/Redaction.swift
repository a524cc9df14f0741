import Foundation

/// Keeps credentials out of text people and logs see: webhook URLs carry their bot's token, and
/// secrets sign requests.
public enum Redaction {
    /// What replaces a hidden string.
    public static let mask = "•••"

    /// `text` with every occurrence of each of `secrets` replaced by `•••` (longest first, so a URL
    /// goes as a whole before its token is looked for), and any other http(s) URL cut to its host.
    public static func redact(_ text: String, hiding secrets: [String]) -> String {
        var result = text
        for secret in Set(secrets).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            result = result.replacingOccurrences(of: secret, with: mask)
        }
        return cutURLs(in: result)
    }

    /// Any `http://` or `https://` address cut to scheme and host: `https://open.feishu.cn/•••`.
    public static func cutURLs(in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "http", options: .caseInsensitive) {
            output += rest[..<start.lowerBound]
            let candidate = rest[start.lowerBound...]
            let schemeEnd: String.Index?
            if candidate.lowercased().hasPrefix("https://") {
                schemeEnd = candidate.index(candidate.startIndex, offsetBy: 8)
            } else if candidate.lowercased().hasPrefix("http://") {
                schemeEnd = candidate.index(candidate.startIndex, offsetBy: 7)
            } else {
                schemeEnd = nil
            }
            guard let schemeEnd else {
                output += candidate.prefix(4)
                rest = candidate.dropFirst(4)
                continue
            }
            var addressEnd = candidate[schemeEnd...].firstIndex(where: { $0.isWhitespace || "\"'<>)]}".contains($0) }) ?? candidate.endIndex
            // Punctuation right after an address belongs to the sentence ("…/hook: timed out").
            while addressEnd > schemeEnd, ".,;:!?".contains(candidate[candidate.index(before: addressEnd)]) {
                addressEnd = candidate.index(before: addressEnd)
            }
            let address = candidate[schemeEnd..<addressEnd]
            let hostEnd = address.firstIndex(where: { "/?#".contains($0) }) ?? address.endIndex
            output += candidate[..<schemeEnd] + address[..<hostEnd]
            if hostEnd < address.endIndex { output += "/" + mask }
            rest = candidate[addressEnd...]
        }
        return output + rest
    }
}
