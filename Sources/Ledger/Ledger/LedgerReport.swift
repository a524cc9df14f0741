import Foundation
import WorkflowJobs

/// What a period's ledger lines add up to, one row per folder, day or workflow: pure.
public struct LedgerReport: Sendable, Equatable {
    /// How lines are grouped into rows.
    public enum Grouping: String, Sendable, CaseIterable {
        case folder
        case day
        case workflow
    }

    /// One group's figures.
    public struct Row: Sendable, Equatable {
        /// The folder (`(inbox)` for the inbox itself), the Beijing day (`2026-11-30`) or the workflow id.
        public var key: String
        public var runs: Int
        public var succeeded: Int
        public var failed: Int
        /// Failures by kind, most first (`[("network", 2), ("timeout", 1)]`).
        public var failuresByKind: [KindCount]
        public var inputTokens: Int
        public var outputTokens: Int
        public var totalTokens: Int
        /// Durations, nearest-rank percentiles, in milliseconds.
        public var p50Milliseconds: Int
        public var p95Milliseconds: Int
    }

    public struct KindCount: Sendable, Equatable {
        public var kind: String
        public var count: Int
    }

    public var grouping: Grouping
    public var rows: [Row]
    /// All lines together.
    public var total: Row

    /// The report of `lines` finished at or after `since` (all when nil), grouped by `grouping`.
    public init(lines: [LedgerLine], since: Date?, grouping: Grouping) {
        self.grouping = grouping
        let chosen = lines.filter { since == nil || $0.time >= since! }
        var groups: [String: [LedgerLine]] = [:]
        for line in chosen { groups[Self.key(of: line, grouping: grouping), default: []].append(line) }
        rows = groups.keys.sorted().map { Self.row(key: $0, lines: groups[$0]!) }
        total = Self.row(key: "total", lines: chosen)
    }

    static func key(of line: LedgerLine, grouping: Grouping) -> String {
        switch grouping {
        case .folder: line.folder.isEmpty ? "(inbox)" : line.folder
        case .day: String(BeijingTime.iso8601(line.time).prefix(10))
        case .workflow: line.workflowID ?? "(unknown)"
        }
    }

    static func row(key: String, lines: [LedgerLine]) -> Row {
        var kinds: [String: Int] = [:]
        for line in lines { if let kind = line.failureKind { kinds[kind, default: 0] += 1 } }
        let durations = lines.map(\.durationMilliseconds).sorted()
        return Row(
            key: key, runs: lines.count, succeeded: lines.filter { $0.status == "success" }.count,
            failed: lines.filter(\.isFailure).count,
            failuresByKind: kinds.map { KindCount(kind: $0.key, count: $0.value) }.sorted { ($0.count, $1.kind) > ($1.count, $0.kind) },
            inputTokens: lines.compactMap(\.inputTokens).reduce(0, +), outputTokens: lines.compactMap(\.outputTokens).reduce(0, +),
            totalTokens: lines.compactMap(\.totalTokens).reduce(0, +),
            p50Milliseconds: percentile(0.5, of: durations), p95Milliseconds: percentile(0.95, of: durations))
    }

    /// The nearest-rank percentile of sorted values (0 for none).
    static func percentile(_ fraction: Double, of sorted: [Int]) -> Int {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
