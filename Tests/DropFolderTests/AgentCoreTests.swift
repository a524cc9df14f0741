@testable import DropFolder
import Testing

/// The agent's decisions as tables: events in, actions out. No disk, no clock, no tasks.
struct AgentCoreTests {
    typealias Core = AgentCore<String>

    func core(concurrency: Int = 2, once: Bool = false) -> Core {
        Core(settings: .init(concurrency: concurrency, once: once, grace: .seconds(30)))
    }

    func found(_ keys: String...) -> [Core.Found] { keys.map { Core.Found(key: $0, name: "\($0).json", work: "work-\($0)") } }

    @Test func recoveredWorkTakesTheFreeSlotsBeforeAnyNewClaim() {
        var core = core(concurrency: 3)
        #expect(core.handle(.swept(found: found("old1", "old2"), undecidedOwners: 0), at: .zero)
            == [.start(key: "old1", work: "work-old1"), .start(key: "old2", work: "work-old2")])
        // The inbox has settled files: only the one slot left is offered to claims.
        #expect(core.handle(.scanned(readyWaiting: true, pendingOnce: 0), at: .zero) == [.claim(upTo: 1)])
        #expect(core.handle(.claimed(found("new1"), inboxExhausted: false), at: .zero) == [.start(key: "new1", work: "work-new1")])
        #expect(core.runningNames == ["new1.json", "old1.json", "old2.json"])
        // A slot frees: the inbox is asked again; once it is empty, nothing more is asked.
        #expect(core.handle(.ended(key: "old1", .done), at: .seconds(1)) == [.claim(upTo: 1)])
        #expect(core.handle(.claimed([], inboxExhausted: true), at: .seconds(1)) == [])
        #expect(core.handle(.ended(key: "old2", .done), at: .seconds(2)) == [])
    }

    @Test func jobsRunInTheOrderTheyWereFoundAndNeverMoreThanTheConcurrencyAtOnce() {
        var core = core(concurrency: 1)
        #expect(core.handle(.swept(found: found("a", "b", "c"), undecidedOwners: 0), at: .zero) == [.start(key: "a", work: "work-a")])
        #expect(core.handle(.ended(key: "a", .done), at: .zero) == [.start(key: "b", work: "work-b")])
        // Found again while queued or running: not a second job.
        #expect(core.handle(.swept(found: found("b", "c"), undecidedOwners: 0), at: .zero) == [])
        #expect(core.handle(.ended(key: "b", .done), at: .zero) == [.start(key: "c", work: "work-c")])
    }

    @Test func anAsyncRunIsPolledWhenDueWithoutHoldingASlot() {
        var core = core(concurrency: 1)
        _ = core.handle(.swept(found: found("slow"), undecidedOwners: 0), at: .zero)
        #expect(core.handle(.ended(key: "slow", .awaiting("ticket-1", wait: .seconds(2))), at: .seconds(1))
            == [.wakeForPolls(at: .seconds(3))])
        #expect(core.waitingCount == 1)
        // Its slot is free for another job meanwhile.
        #expect(core.handle(.swept(found: found("quick"), undecidedOwners: 0), at: .seconds(1)) == [.start(key: "quick", work: "work-quick")])
        // An earlier timer already covers it; the poll goes out when the timer fires.
        #expect(core.handle(.pollsDue, at: .seconds(3)) == [.poll(key: "slow", work: "ticket-1")])
        #expect(core.handle(.ended(key: "slow", .awaiting("ticket-2", wait: .seconds(3))), at: .seconds(4))
            == [.wakeForPolls(at: .seconds(7))])
        #expect(core.handle(.pollsDue, at: .seconds(7)) == [.poll(key: "slow", work: "ticket-2")])
        #expect(core.handle(.ended(key: "slow", .done), at: .seconds(8)) == [])
        #expect(core.waitingCount == 0)
    }

    @Test func onlyTheEarliestWaitingRunSetsThePollTimer() {
        var core = core(concurrency: 3)
        _ = core.handle(.swept(found: found("a", "b"), undecidedOwners: 0), at: .zero)
        #expect(core.handle(.ended(key: "a", .awaiting("a1", wait: .seconds(10))), at: .zero) == [.wakeForPolls(at: .seconds(10))])
        #expect(core.handle(.ended(key: "b", .awaiting("b1", wait: .seconds(4))), at: .zero) == [.wakeForPolls(at: .seconds(4))])
        #expect(core.handle(.pollsDue, at: .seconds(4)) == [.poll(key: "b", work: "b1"), .wakeForPolls(at: .seconds(10))])
    }

    @Test func whileRunsAreHeldBackNothingStartsButPollsGoOn() {
        var core = core(concurrency: 2)
        _ = core.handle(.swept(found: found("a"), undecidedOwners: 0), at: .zero)
        _ = core.handle(.ended(key: "a", .awaiting("a1", wait: .seconds(1))), at: .zero)
        #expect(core.handle(.hold(true), at: .zero) == [])
        #expect(core.handle(.swept(found: found("b"), undecidedOwners: 0), at: .zero) == [])
        #expect(core.handle(.scanned(readyWaiting: true, pendingOnce: 0), at: .zero) == [])
        #expect(core.handle(.pollsDue, at: .seconds(1)) == [.poll(key: "a", work: "a1")])
        #expect(core.handle(.hold(false), at: .seconds(2)) == [.start(key: "b", work: "work-b"), .claim(upTo: 1)])
    }

    @Test func aStopDropsQueuedAndWaitingWorkCancelsPollsAndEndsWhenTheLastCallReturns() {
        var core = core(concurrency: 1)
        _ = core.handle(.swept(found: found("run", "queued"), undecidedOwners: 0), at: .zero)
        _ = core.handle(.claimed([], inboxExhausted: true), at: .zero)
        var other = self.core(concurrency: 1)
        _ = other.handle(.swept(found: found("x"), undecidedOwners: 0), at: .zero)
        // A job polling at the moment of the stop is cancelled at once (it stays journaled).
        #expect(core.handle(.ended(key: "run", .awaiting("p", wait: .seconds(1))), at: .zero)
            == [.wakeForPolls(at: .seconds(1)), .start(key: "queued", work: "work-queued")])
        #expect(core.handle(.pollsDue, at: .seconds(1)) == [.poll(key: "run", work: "p")])
        #expect(core.runningNames == ["queued.json"])
        #expect(core.handle(.stopRequested, at: .seconds(1)) == [.announceStopping(runningJobs: 2), .cancel(["run"]), .startGrace(.seconds(30))])
        #expect(core.handle(.stopRequested, at: .seconds(1)) == [])
        #expect(core.handle(.graceOver, at: .seconds(31)) == [.cancel(["queued", "run"])])
        #expect(core.handle(.ended(key: "run", .awaiting("p2", wait: .seconds(1))), at: .seconds(31)) == [])
        #expect(core.handle(.ended(key: "queued", .done), at: .seconds(31)) == [.finish])
        #expect(core.handle(.swept(found: found("late"), undecidedOwners: 0), at: .seconds(32)) == [])
        #expect(other.handle(.stopRequested, at: .zero) == [.announceStopping(runningJobs: 1), .startGrace(.seconds(30))])
    }

    @Test func aStopWithNothingRunningFinishesAtOnce() {
        var core = core()
        _ = core.handle(.scanned(readyWaiting: false, pendingOnce: 0), at: .zero)
        #expect(core.handle(.stopRequested, at: .zero) == [.announceStopping(runningJobs: 0), .startGrace(.seconds(30)), .finish])
    }

    @Test func onceFinishesOnlyWhenTheFirstScansFilesAreAllHandled() {
        var core = core(concurrency: 1, once: true)
        #expect(core.handle(.swept(found: [], undecidedOwners: 0), at: .zero) == [])
        #expect(core.handle(.scanned(readyWaiting: true, pendingOnce: 2), at: .zero) == [.claim(upTo: 1)])
        #expect(core.handle(.claimed(found("a"), inboxExhausted: false, pendingOnce: 1), at: .zero) == [.start(key: "a", work: "work-a")])
        #expect(core.handle(.ended(key: "a", .done), at: .zero) == [.claim(upTo: 1)])
        #expect(core.handle(.claimed(found("b"), inboxExhausted: true, pendingOnce: 0), at: .zero) == [.start(key: "b", work: "work-b")])
        #expect(core.handle(.ended(key: "b", .done), at: .zero) == [.finish])
    }

    @Test func onceWaitsForAnotherAgentsFolderToBeJudged() {
        var core = core(once: true)
        _ = core.handle(.swept(found: [], undecidedOwners: 1), at: .zero)
        #expect(core.handle(.scanned(readyWaiting: false, pendingOnce: 0), at: .zero) == [])
        #expect(core.handle(.swept(found: [], undecidedOwners: 0), at: .seconds(5)) == [.finish])
    }

    @Test func onceTriesAJobLeftForLaterAgainAtMostThreeTimes() {
        var core = core(once: true)
        for attempt in 1...3 {
            #expect(core.handle(.swept(found: found("stuck"), undecidedOwners: 0), at: .zero) == [.start(key: "stuck", work: "work-stuck")])
            if attempt == 1 { #expect(core.handle(.scanned(readyWaiting: false, pendingOnce: 0), at: .zero) == []) }
            let actions = core.handle(.ended(key: "stuck", .left), at: .zero)
            #expect(actions == (attempt == 3 ? [.finish] : []), "attempt \(attempt)")
        }
    }

    @Test func onceGivesUpOnAResultThatCannotBeMovedOutAfterThreeTries() {
        var core = core(once: true)
        _ = core.handle(.swept(found: found("full"), undecidedOwners: 0), at: .zero)
        _ = core.handle(.scanned(readyWaiting: false, pendingOnce: 0), at: .zero)
        #expect(core.handle(.ended(key: "full", .unsettled), at: .zero) == [])
        #expect(core.unsettledCount == 1)
        _ = core.handle(.swept(found: found("full"), undecidedOwners: 0), at: .zero)
        #expect(core.handle(.ended(key: "full", .unsettled), at: .zero) == [])
        _ = core.handle(.swept(found: found("full"), undecidedOwners: 0), at: .zero)
        #expect(core.handle(.ended(key: "full", .unsettled), at: .zero) == [.finish])
    }

    @Test func onceEndsWhileRunsAreHeldBackAsSoonAsNothingIsInFlight() {
        var core = core(once: true)
        _ = core.handle(.scanned(readyWaiting: true, pendingOnce: 5), at: .zero)
        _ = core.handle(.claimed(found("a"), inboxExhausted: false), at: .zero)
        #expect(core.handle(.hold(true), at: .zero) == [])
        #expect(core.handle(.ended(key: "a", .left), at: .zero) == [.finish])
    }
}
