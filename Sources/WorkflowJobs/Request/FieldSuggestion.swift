import Foundation

/// Finds the known name a mistyped one was meant to be ("paramters" → "parameters").
public enum FieldSuggestion {
    public static func closest(to name: String, among known: [String]) -> String? {
        let lowered = name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        if let exact = known.first(where: { $0 == lowered }) { return exact }
        let scored = known.map { ($0, editDistance(lowered, $0)) }.sorted { $0.1 < $1.1 }
        guard let best = scored.first else { return nil }
        let allowed = max(1, min(3, best.0.count / 3))
        return best.1 <= allowed ? best.0 : nil
    }

    /// Edits (insert, delete, replace, swap neighbours) that turn one text into the other.
    public static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left), b = Array(right)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                // Swapped neighbours count as one edit.
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous[j - 1])
                }
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
