import Foundation

/// The files under Fixtures/: `Fixtures/ledger/` is a root's ledger folder written by two agents
/// (`agent-a`, `agent-b`) over two months, with one line that is not a ledger line.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
}

/// A Beijing time (`2026-11-01T09:00:00`) as an instant.
func beijing(_ text: String) -> Date {
    var components = DateComponents()
    let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0)! }
    components.year = parts[0]; components.month = parts[1]; components.day = parts[2]
    components.hour = parts[3]; components.minute = parts[4]; components.second = parts[5]
    components.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    return calendar.date(from: components)!
}
