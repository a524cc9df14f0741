@testable import DropFolder
import Testing

/// Batch rows in the core: queued apart, sharing the slots with single files and claims.
struct AgentCoreBatchRowTests {
    typealias Core = AgentCore<String>

    func rows(_ count: Int) -> [Core.Found] {
        (1...count).map { Core.Found(key: "row\($0)", name: "t.csv row \($0)", work: "row\($0)", background: true) }
    }

    @Test func aLongBatchLeavesHalfTheSlotsToFilesDroppedMeanwhile() {
        var core = Core(settings: .init(concurrency: 4, once: false, grace: .seconds(30)))
        // Alone, the rows take every slot.
        #expect(core.handle(.added(rows(100)), at: .zero) == (1...4).map { .start(key: "row\($0)", work: "row\($0)") })
        // A photo is dropped: the next free slot goes to the inbox, not to row 5 (the rows still hold three).
        _ = core.handle(.scanned(readyWaiting: true, pendingOnce: 0), at: .zero)
        #expect(core.handle(.ended(key: "row1", .done), at: .seconds(1)) == [.claim(upTo: 1)])
        #expect(core.handle(.claimed([Core.Found(key: "photo", name: "photo.jpg", work: "photo")], inboxExhausted: true), at: .seconds(1))
            == [.start(key: "photo", work: "photo")])
        #expect(core.runningNames == ["photo.jpg", "t.csv row 2", "t.csv row 3", "t.csv row 4"])
        // With the inbox empty, freed slots go back to the rows.
        #expect(core.handle(.ended(key: "row2", .done), at: .seconds(2)) == [.start(key: "row5", work: "row5")])
        #expect(core.handle(.ended(key: "photo", .done), at: .seconds(2)) == [.start(key: "row6", work: "row6")])
    }

    @Test func filesDroppedMeanwhileNeverTakeMoreThanHalfTheSlotsFromWaitingRows() {
        var core = Core(settings: .init(concurrency: 4, once: false, grace: .seconds(30)))
        _ = core.handle(.scanned(readyWaiting: true, pendingOnce: 0), at: .zero)
        // Rows and a full inbox at once: two slots for rows, two for claims.
        let actions = core.handle(.added(rows(10)), at: .zero)
        #expect(actions == [.claim(upTo: 2), .start(key: "row1", work: "row1"), .start(key: "row2", work: "row2")])
    }
}
