@testable import DropFolder
import Foundation
import Testing
import WorkflowJobs

@Test func backsOffByHalfAgainUpToTheMaximum() {
    let schedule = PollPolicy.standard.schedule
    #expect(schedule.count == 120)
    #expect(Array(schedule.prefix(6)) == [.seconds(2), .seconds(3), .milliseconds(4500), .milliseconds(6750), .microseconds(10_125_000), .microseconds(15_187_500)])
    #expect(schedule[9] == .seconds(30))
    #expect(schedule.last == .seconds(30))
    #expect(schedule.allSatisfy { $0 <= .seconds(30) })
}

@Test func aGrowingFileIsNeverReady() {
    var tracker = SettleTracker(window: .seconds(2))
    for step in 0..<10 {
        let signature = SettleTracker.FileSignature(attributes(size: Int64(step * 100)))
        #expect(!observe(&tracker, "a.json", signature, at: .seconds(step)))
    }
}

@Test func aStillFileIsReadyOnceTheWindowHasPassedSinceItWasFirstSeen() {
    var tracker = SettleTracker(window: .seconds(2))
    let signature = SettleTracker.FileSignature(attributes(size: 10))
    #expect(!observe(&tracker, "a.json", signature, at: .seconds(100)))
    #expect(!observe(&tracker, "a.json", signature, at: .milliseconds(101_900)))
    #expect(observe(&tracker, "a.json", signature, at: .seconds(102)))
}

@Test func aFileReplacedWhileSettlingStartsItsWindowAgain() {
    var tracker = SettleTracker(window: .seconds(2))
    #expect(!observe(&tracker, "a.json", SettleTracker.FileSignature(attributes(size: 10, inode: 1)), at: .seconds(0)))
    // Same size and time, new inode: someone replaced the file.
    #expect(!observe(&tracker, "a.json", SettleTracker.FileSignature(attributes(size: 10, inode: 2)), at: .seconds(3)))
    #expect(observe(&tracker, "a.json", SettleTracker.FileSignature(attributes(size: 10, inode: 2)), at: .seconds(5)))
}

@Test func aFileFoundStillNeedsNoFurtherLookUntilItIsClaimedAndWakesAreOnlyForFilesStillSettling() {
    var tracker = SettleTracker(window: .seconds(2))
    let signature = SettleTracker.FileSignature(attributes(size: 10))
    #expect(!observe(&tracker, "a.json", signature, at: .seconds(0)))
    #expect(tracker.settledSignature(of: "a.json") == nil)
    #expect(observe(&tracker, "a.json", signature, at: .seconds(2)))
    #expect(tracker.settledSignature(of: "a.json") == signature)
    #expect(!observe(&tracker, "b.json", signature, at: .seconds(3)))
    #expect(tracker.nextReadyTime == .seconds(5))
    // Changed after it was found still (the claim looks once more): it settles again.
    #expect(!observe(&tracker, "a.json", SettleTracker.FileSignature(attributes(size: 11)), at: .seconds(4)))
    #expect(tracker.settledSignature(of: "a.json") == nil)
}

@Test func forgetsFilesThatAreGone() {
    var tracker = SettleTracker(window: .seconds(1))
    _ = tracker.observe("a.json", SettleTracker.FileSignature(attributes(size: 1)), at: .zero)
    _ = tracker.observe("b.json", SettleTracker.FileSignature(attributes(size: 1)), at: .zero)
    tracker.keepOnly(["b.json"])
    #expect(tracker.trackedCount == 1)
}

@Test(arguments: [
    ("a.json", true), ("A.JSON", true), ("报告 1.json", true), ("-leading.json", true),
    (".hidden.json", false), ("~lock.json", false), ("a.json.tmp", false), ("a.json.part", false),
    ("a.json.crdownload", false), ("a.json.swp", false), ("a.txt", false), (".json", false),
    ("a.response.json", false),
])
func picksOnlyRequestNames(name: String, isRequest: Bool) {
    #expect(InboxNamePolicy.isCandidate(name) == isRequest)
}

@Test func formatsBeijingTime() {
    // 2024-10-18T02:19:35.250Z is 10:19:35 in Beijing.
    let date = Date(timeIntervalSince1970: 1_729_217_975.25)
    #expect(BeijingTime.compact(date) == "20241018101935")
    #expect(BeijingTime.iso8601(date) == "2024-10-18T10:19:35.250+08:00")
    // Just before midnight UTC is the next morning in Beijing.
    #expect(BeijingTime.compact(Date(timeIntervalSince1970: 1_709_251_199)) == "20240301075959")
}

private func attributes(size: Int64, inode: UInt64 = 1) -> FileAttributes {
    FileAttributes(kind: .regular, size: size, modificationSeconds: 1000, modificationNanoseconds: 0, inode: inode, permissions: 0o644)
}

private func observe(_ tracker: inout SettleTracker, _ name: String, _ signature: SettleTracker.FileSignature, at now: Duration) -> Bool {
    tracker.observe(name, signature, at: now)
}

@Test func theDueQueueHandsOutWhatIsDueEarliestFirstAndKeepsTheRest() {
    var queue = DueQueue()
    let dues = [7, 3, 9, 1, 5, 3, 8, 2]
    for (index, second) in dues.enumerated() { queue.insert("k\(index)", due: .seconds(second)) }
    #expect(queue.next == .seconds(1))
    let early = queue.takeDue(at: .seconds(3))
    #expect(Array(early.prefix(2)) == ["k3", "k7"])
    #expect(Set(early.dropFirst(2)) == ["k1", "k5"])
    #expect(queue.next == .seconds(5))
    #expect(queue.takeDue(at: .seconds(4)).isEmpty)
    #expect(queue.takeDue(at: .seconds(100)) == ["k4", "k0", "k6", "k2"])
    #expect(queue.isEmpty && queue.next == nil)
}
