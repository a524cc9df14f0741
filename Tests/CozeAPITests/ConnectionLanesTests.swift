import CozeAPI
import Testing

@Test func aNewLaneOpensItsConnectionWithAWarmUp() {
    var lanes = ConnectionLanes(capacity: 4)
    #expect(lanes.take(at: .zero) == .lane(index: 0, warmUp: true))
    #expect(lanes.take(at: .zero) == .lane(index: 1, warmUp: true))
}

@Test func aLaneGivenBackRecentlyIsReusedWithoutWarmUp() {
    var lanes = ConnectionLanes(capacity: 4, freshness: .seconds(20))
    _ = lanes.take(at: .zero)
    lanes.release(0, at: .seconds(1))
    #expect(lanes.take(at: .seconds(15)) == .lane(index: 0, warmUp: false))
    #expect(lanes.count == 1)
}

@Test func theMostRecentlyUsedLaneGoesFirstSoIdleOnesGoCold() {
    var lanes = ConnectionLanes(capacity: 4)
    _ = lanes.take(at: .zero)
    _ = lanes.take(at: .zero)
    lanes.release(1, at: .seconds(1))
    lanes.release(0, at: .seconds(2))
    #expect(lanes.take(at: .seconds(3)) == .lane(index: 0, warmUp: false))
    #expect(lanes.take(at: .seconds(3)) == .lane(index: 1, warmUp: false))
}

@Test func aLaneIdleLongerThanFreshnessIsWarmedAgain() {
    var lanes = ConnectionLanes(capacity: 4, freshness: .seconds(20))
    _ = lanes.take(at: .zero)
    lanes.release(0, at: .seconds(1))
    #expect(lanes.take(at: .seconds(22)) == .lane(index: 0, warmUp: true))
}

@Test func aLaneWhoseCallGotNoAnswerIsWarmedAgain() {
    var lanes = ConnectionLanes(capacity: 4)
    _ = lanes.take(at: .zero)
    lanes.release(0, at: .seconds(1), healthy: false)
    #expect(lanes.take(at: .seconds(1)) == .lane(index: 0, warmUp: true))
}

@Test func callsBeyondCapacityShareTheOverflowSession() {
    var lanes = ConnectionLanes(capacity: 2)
    _ = lanes.take(at: .zero)
    _ = lanes.take(at: .zero)
    #expect(lanes.take(at: .zero) == .overflow)
    lanes.release(1, at: .seconds(1))
    #expect(lanes.take(at: .seconds(1)) == .lane(index: 1, warmUp: false))
}
