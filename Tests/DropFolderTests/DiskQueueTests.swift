@testable import DropFolder
import Synchronization
import Testing

/// Indices that got through the gate, in order.
private final class Passed: Sendable {
    private let state = Mutex<[Int]>([])
    func add(_ index: Int) { state.withLock { $0.append(index) } }
    var count: Int { state.withLock { $0.count } }
}

/// The gate that bounds the disk queue: at most its count of callers through, the rest wait
/// without a thread each, and each release lets exactly one more through, in order.
@Test func theDiskGateLetsThroughAtMostItsCountAndOneMorePerRelease() async {
    let slots = DiskSlots(3)
    let passed = Passed()
    await withTaskGroup(of: Void.self) { group in
        for index in 0..<5 {
            group.addTask {
                await slots.acquire()
                passed.add(index)
            }
        }
        // The event: three through, two waiting.
        var turns = 0
        while await slots.waiting < 2 || passed.count < 3, turns < 100_000 { turns += 1; await Task.yield() }
        #expect(await slots.waiting == 2)
        #expect(passed.count == 3)
        await slots.release()
        turns = 0
        while passed.count < 4, turns < 100_000 { turns += 1; await Task.yield() }
        #expect(await slots.waiting == 1)
        await slots.release()
    }
    #expect(passed.count == 5)
    #expect(await slots.waiting == 0)
}

@Test func diskWorkRunsOffThePoolAndGivesItsSlotBack() async throws {
    for index in 0..<(DiskQueue.limit * 2) {
        #expect(await DiskQueue.run { index * 2 } == index * 2)
    }
    struct Refused: Error {}
    await #expect(throws: Refused.self) { try await DiskQueue.run { () throws -> Int in throw Refused() } }
    // Every slot came back: the limit's worth of work can still start at once.
    #expect(await DiskQueue.slots.waiting == 0)
}
