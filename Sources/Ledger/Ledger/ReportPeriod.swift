import Foundation

/// `--since`: a span back from now (`7d`, `12h`) or a Beijing date (`2026-11-01`, from its midnight).
public enum ReportPeriod {
    /// The instant `text` names, counted back from `now`; nil when it is neither form.
    public static func start(_ text: String, now: Date) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let unit = trimmed.last, let count = Double(trimmed.dropLast()), count >= 0, count.isFinite {
            switch unit {
            case "d": return now.addingTimeInterval(-count * 86400)
            case "h": return now.addingTimeInterval(-count * 3600)
            case "m": return now.addingTimeInterval(-count * 60)
            default: break
            }
        }
        guard trimmed.count == 10 else { return nil }
        return LedgerLine.date(beijing: trimmed + "T00:00:00+08:00")
    }
}
