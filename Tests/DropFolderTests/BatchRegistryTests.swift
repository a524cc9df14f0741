@testable import DropFolder
import Foundation
import HotFolders
import OrderedJSON
import Testing

/// What the agent keeps of running batches: progress written every few seconds, not at every row,
/// and one finisher per batch.
struct BatchRegistryTests {
    let start = Date(timeIntervalSince1970: 1_764_000_000)

    @Test func progressIsDueAtTheFirstRowThenEveryFewSecondsAndCountsFailuresAndTokens() {
        let registry = BatchRegistry()
        registry.start("t", BatchRunProgress(folder: "Orders", table: "list.csv", total: 3, startedAt: start, updatedAt: start), at: .zero)
        let first = registry.rowFinished("t", failed: false, tokens: 100, at: .seconds(1), wallClock: start, every: .seconds(2))
        #expect(first?.done == 1)
        #expect(registry.rowFinished("t", failed: true, tokens: 50, at: .seconds(2), wallClock: start, every: .seconds(2)) == nil)
        let third = registry.rowFinished("t", failed: false, tokens: 0, at: .seconds(3), wallClock: start, every: .seconds(2))
        #expect(third.map { [$0.done, $0.failed, $0.tokens] } == [3, 1, 150])
        #expect(registry.isComplete("t"))
        #expect(registry.progress.map(\.statusEntry).first?["table"] == .string("list.csv"))
    }

    @Test func aBatchIsFinishedByOneTaskAtATime() {
        let registry = BatchRegistry()
        #expect(registry.beginFinishing("t"))
        #expect(!registry.beginFinishing("t"))
        registry.endFinishing("t", finished: false)
        #expect(registry.beginFinishing("t"))
    }

    @Test func theStatusEntryListsRunningBatches() throws {
        var status = AgentStatus(agent: "a", host: "h", pid: 1, version: "1", running: true, startedAt: start, updatedAt: start, interval: 5)
        status.batches = [BatchRunProgress(folder: "Orders", table: "list.csv", total: 500, done: 250, startedAt: start, updatedAt: start).statusEntry]
        let read = try #require(AgentStatus(json: status.json))
        #expect(read.batches.first?["total"] == .integer(500))
        #expect(BatchStatusEntry(json: try #require(read.batches.first))?.done == 250)
    }
}
