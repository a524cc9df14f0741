/// Cuts text to a number of UTF-8 bytes without splitting a character (not even a multi-scalar
/// one such as an emoji with a skin tone), marking the cut with `…`.
public enum TextCutter {
    public static let marker = "…"

    /// `text` itself when it fits in `limit` bytes; otherwise its longest prefix of whole
    /// characters that fits together with `…`.
    public static func cut(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let budget = limit - marker.utf8.count
        guard budget > 0 else { return "" }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let size = text[index...].prefix(1).utf8.count
            if used + size > budget { break }
            used += size
            end = text.index(after: index)
        }
        return String(text[..<end]) + marker
    }
}
