import Foundation
import Ledger
import Testing

@Suite struct RetryPlanTests {
    func record(kind: String, finished: String = "2026-11-30T10:00:00.000+08:00", source: String = "a.json", uploads: [String] = []) -> [UInt8] {
        let list = uploads.map { #"{"name": "\#($0)", "bytes": 1, "file_id": "1"}"# }.joined(separator: ",")
        return Array(#"{"status": "failed", "uploads": [\#(list)], "error": {"kind": "\#(kind)", "message": "m"}, "finished_at": "\#(finished)", "source_file": "\#(source)"}"#.utf8)
    }

    var jobs: [FailedJob] {
        let request = Array(#"{"workflow_id": "7400000000000001234", "parameters": {"image": {"$file": "p.jpg"}}}"#.utf8)
        let root = FailedJob.jobs(
            folder: "",
            names: ["a.json", "a.response.json", "a.result.txt", "a.p.jpg", "b.json", "b.response.json", "c.response.json", "d.json", "d.response.json"],
            records: ["a": record(kind: "network", uploads: ["p.jpg"]), "b": record(kind: "interrupted", source: "b.json"),
                      "c": record(kind: "timeout", source: "c.json"), "d": record(kind: "timeout", finished: "2026-11-01T10:00:00.000+08:00", source: "d.json")],
            requests: ["a": request, "b": Array(#"{"workflow_id": "7400000000000001234"}"#.utf8), "d": Array(#"{"workflow_id": "7400000000000001234"}"#.utf8)])
        let photos = FailedJob.jobs(folder: "photos", names: ["list_row2.json", "list_row2.response.json"],
                                    records: ["list_row2": record(kind: "network", source: "list_row2.json")],
                                    requests: ["list_row2": Array(#"{"workflow_id": "7400000000000001234"}"#.utf8)])
        return root + photos
    }

    @Test func aNamedRequestGoesBackWithItsFileUnderTheNameTheRequestUses() throws {
        let plan = RetryPlan(jobs: jobs, inboxNames: [:], selection: .init(names: ["a.json"]))
        #expect(plan.refusals.isEmpty && plan.unmatched.isEmpty)
        let item = try #require(plan.items.first)
        #expect(plan.items.count == 1)
        #expect(item.moves == [
            .init(from: "failed/a.p.jpg", temporary: "inbox/.retry-a.p.jpg", to: "inbox/p.jpg"),
            .init(from: "failed/a.json", temporary: "inbox/.retry-new-a.json", to: "inbox/a.json"),
        ])
        #expect(item.retryOf == "failed/a.response.json")
        #expect(item.marker == "failed/.retry-a.json")
    }

    @Test func aPhotoDroppedIntoAWorkflowFolderGoesBackAsItIs() throws {
        let photo = FailedJob.jobs(folder: "photos", names: ["cat.jpg", "cat.response.json", "cat.result.txt"],
                                   records: ["cat": record(kind: "network", source: "cat.jpg", uploads: ["cat.jpg"])], requests: [:])
        let plan = RetryPlan(jobs: photo, inboxNames: ["photos": ["cat.jpg"]], selection: .init(names: ["cat.jpg"]))
        let item = try #require(plan.items.first)
        #expect(item.attachments.isEmpty && item.marker == nil)
        #expect(item.request == .init(from: "failed/photos/cat.jpg", temporary: "inbox/photos/.retry-cat.jpg", to: "inbox/photos/cat_retry.jpg"))
    }

    @Test func answerFilesAreLeftAlone() {
        let answer = FailedJob.jobs(folder: "", names: ["q.answer.json", "q.answer.response.json"],
                                    records: ["q.answer": record(kind: "network", source: "q.answer.json")],
                                    requests: ["q.answer": Array(#"{"workflow_id": "7400000000000001234", "resume": {"event_id": "e", "interrupt_type": 2, "answer": "yes"}}"#.utf8)])
        #expect(RetryPlan(jobs: answer, inboxNames: [:], selection: .init(all: true)) == RetryPlan(jobs: [], inboxNames: [:], selection: .init(all: true)))
        #expect(RetryPlan(jobs: answer, inboxNames: [:], selection: .init(names: ["q.answer.json"])).refusals.map(\.reason) == [.answerFile])
    }

    @Test func interruptedRunsAreRefusedUnlessForced() {
        let refused = RetryPlan(jobs: jobs, inboxNames: [:], selection: .init(names: ["b"]))
        #expect(refused.items.isEmpty)
        #expect(refused.refusals.map(\.reason) == [.interrupted])
        let forced = RetryPlan(jobs: jobs, inboxNames: [:], selection: .init(names: ["b"], force: true))
        #expect(forced.items.map(\.request.to) == ["inbox/b.json"])
    }

    @Test func allNarrowedByKindSinceAndFolder() {
        let since = RetryPlan(jobs: jobs, inboxNames: [:], selection: .init(all: true, since: LedgerLine(cells: ["2026-11-15T00:00:00+08:00", "x", "0"], header: ["time", "status", "duration_ms"])!.time))
        #expect(since.items.map(\.request.from) == ["failed/a.json", "failed/photos/list_row2.json"])
        #expect(since.refusals.map(\.reason) == [.interrupted])
        let timeouts = RetryPlan(jobs: jobs, inboxNames: [:], selection: .init(all: true, kinds: ["timeout"]))
        #expect(timeouts.items.map(\.request.from) == ["failed/d.json"])
        let photos = RetryPlan(jobs: jobs, inboxNames: [:], selection: .init(all: true, folder: "photos"))
        #expect(photos.items.map(\.request.to) == ["inbox/photos/list_row2.json"])
    }

    @Test func takenNamesAreNeverReplaced() {
        let plan = RetryPlan(jobs: jobs, inboxNames: ["": ["a.json", "a_retry.json"]], selection: .init(names: ["a"]))
        #expect(plan.items.map(\.request.to) == ["inbox/a_retry2.json"])
        let clash = RetryPlan(jobs: jobs, inboxNames: ["": ["p.jpg"]], selection: .init(names: ["a"]))
        #expect(clash.refusals.map(\.reason) == [.attachmentNameTaken("p.jpg")])
    }

    @Test func aRequestAlreadyRetriedOrUnknownIsSaidSo() {
        let plan = RetryPlan(jobs: jobs, inboxNames: [:], selection: .init(names: ["c.json", "zzz.json"]))
        #expect(plan.items.isEmpty)
        #expect(plan.refusals.map(\.reason) == [.requestMissing])
        #expect(plan.unmatched == ["zzz.json"])
    }

    @Test func aMissingAttachedFileIsRefused() {
        let job = jobs[0]
        var missing = job
        missing.companionNames = ["a.result.txt"]
        let plan = RetryPlan(jobs: [missing], inboxNames: [:], selection: .init(all: true))
        #expect(plan.refusals.map(\.reason) == [.attachmentMissing("p.jpg")])
    }
}
