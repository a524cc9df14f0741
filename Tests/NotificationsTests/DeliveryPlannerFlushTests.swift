import Foundation
import Notifications
import Testing

/// When the agent stops, what waits for the fold interval goes out at once, within the services' rates.
struct DeliveryPlannerFlushTests {
    @Test func aFlushSendsTheWaitingEventsWithoutWaitingOutTheFoldInterval() {
        var h = PlannerHarness([PlannerHarness.target(.feishu)])
        let first = h.event(PlannerHarness.failure("a.json")).sends
        #expect(first.count == 1)
        _ = h.answer(first[0].id)
        h.at(2)
        #expect(h.event(PlannerHarness.failure("b.json")).sends.isEmpty)
        let flushed = h.planner.handle(.flush, now: h.now).sends
        #expect(flushed.count == 1)
        #expect(flushed.first?.message.text == "b.json failed.")
    }

    @Test func aFlushStillKeepsToTheServicesRate() {
        var h = PlannerHarness([PlannerHarness.target(.feishu)], .init(foldInterval: 0))
        for second in 0..<5 {
            let sends = h.event(PlannerHarness.failure("\(second).json")).sends
            #expect(sends.count == 1)
            _ = h.answer(sends[0].id)
        }
        _ = h.event(PlannerHarness.failure("late.json"))
        let flushed = h.planner.handle(.flush, now: h.now)
        #expect(flushed.sends.isEmpty)
        #expect(flushed.wake == h.start.addingTimeInterval(1))
    }
}
