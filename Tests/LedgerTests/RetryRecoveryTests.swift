import Foundation
import Ledger
import OrderedJSON
import Testing

/// What a `retry` cut off halfway leaves, and what the next `retry` does with it: each crash point.
@Suite struct RetryRecoveryTests {
    @Test func aCopyWrittenButNotCommittedIsDroppedAndTheMovedFilesGoBack() {
        // Cut off after the copy and one attached file moved, before the original was set aside.
        let recovery = RetryRecovery(folder: "", inboxNames: [".retry-new-a.json", ".retry-a.p.jpg", "other.json"],
                                     failedNames: ["a.json", "a.response.json"])
        #expect(recovery.steps == [.remove("inbox/.retry-new-a.json"), .move(from: "inbox/.retry-a.p.jpg", to: "failed/a.p.jpg")])
        #expect(recovery.undone == ["failed/a.json", "failed/a.p.jpg"])
    }

    @Test func aCommittedRetryIsFinishedUnderFreshNames() {
        // Cut off after the original was set aside: the retry counts as done and goes out.
        let recovery = RetryRecovery(folder: "photos", inboxNames: [".retry-new-a.json", ".retry-a.p.jpg", "a.json"],
                                     failedNames: [".retry-a.json", "a.response.json"])
        #expect(recovery.steps == [
            .move(from: "inbox/photos/.retry-a.p.jpg", to: "inbox/photos/p.jpg"),
            .move(from: "inbox/photos/.retry-new-a.json", to: "inbox/photos/a_retry.json"),
            .remove("failed/photos/.retry-a.json"),
        ])
        #expect(recovery.finished == ["failed/photos/a.json → inbox/photos/a_retry.json"])
    }

    @Test func aMarkerLeftAfterTheRequestWentOutIsRemoved() {
        let recovery = RetryRecovery(folder: "", inboxNames: ["a.json"], failedNames: [".retry-a.json", "a.response.json"])
        #expect(recovery.steps == [.remove("failed/.retry-a.json")])
        #expect(recovery.finished.isEmpty && recovery.undone.isEmpty)
    }

    @Test func aPhotoOnItsWayBackReturnsToTheFailedFolder() {
        let recovery = RetryRecovery(folder: "photos", inboxNames: [".retry-cat.jpg"], failedNames: ["cat.response.json"])
        #expect(recovery.steps == [.move(from: "inbox/photos/.retry-cat.jpg", to: "failed/photos/cat.jpg")])
    }

    @Test func aBatchCutOffBeforeItsTableWentOutIsPutBackAsItWas() {
        let undone = RetryRecovery(folder: "orders", inboxNames: [".retry-new-list.failed.csv"], failedNames: [],
                                   outboxNames: [".retry-list.failed.csv", "list.failed.csv", "list.results.csv"])
        #expect(undone.steps == [
            .remove("outbox/orders/list.failed.csv"),
            .move(from: "outbox/orders/.retry-list.failed.csv", to: "outbox/orders/list.failed.csv"),
            .remove("inbox/orders/.retry-new-list.failed.csv"),
        ])
        let done = RetryRecovery(folder: "orders", inboxNames: ["list.retry.csv"], failedNames: [],
                                 outboxNames: [".retry-list.failed.csv", "list.results.csv"])
        #expect(done.steps == [.remove("outbox/orders/.retry-list.failed.csv")])
    }

    @Test func aRequestGoesBackInUTF8WithRetryOfAndItsKeysInOrder() throws {
        var utf16 = [UInt8(0xFF), 0xFE]
        for unit in #"{"workflow_id": "1", "parameters": {"城市": "北京"}, "mode": "sync"}"#.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let bytes = try #require(RetriedRequest.bytes(utf16, retryOf: "failed/a.response.json"))
        let document = try JSONParser().parse(bytes: bytes)
        #expect(document.objectMembers?.map(\.key) == ["workflow_id", "parameters", "mode", "retry_of"])
        #expect(document["parameters"]?["城市"]?.stringValue == "北京")
        let again = try #require(RetriedRequest.bytes(bytes, retryOf: "failed/a_2.response.json"))
        #expect(try JSONParser().parse(bytes: again)["retry_of"]?.stringValue == "failed/a_2.response.json")
        #expect(RetriedRequest.bytes(Array("not json".utf8), retryOf: "x") == nil)
    }
}
