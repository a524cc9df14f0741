import Foundation
import Ledger
import Testing

@Suite struct RetentionPlanTests {
    let now = beijing("2026-11-30T12:00:00")

    var folders: [FiledFolder] {
        [
            FiledFolder(path: "outbox", names: ["old.json", "old.response.json", "old.result.txt", "old.p.jpg", "old.b.json", "old.b.response.json",
                                                "new.json", "new.response.json", "unknown.json", "unknown.response.json", "notes.txt"],
                        finishedAt: ["old": beijing("2026-10-15T09:00:00"), "old.b": beijing("2026-11-29T09:00:00"), "new": beijing("2026-11-29T12:00:00")]),
            FiledFolder(path: "failed/photos", names: ["x.json", "x.response.json", "x.result.txt"], finishedAt: ["x": beijing("2026-11-01T08:00:00")]),
            FiledFolder(path: "processing/agent-1", names: ["y.json", "y.response.json"], finishedAt: ["y": beijing("2026-01-01T00:00:00")]),
        ]
    }

    @Test func wholeOldJobsMoveIntoTheirMonthsArchiveTheRecordLast() {
        let plan = RetentionPlan(folders: folders, keepDays: 7, archive: true, now: now)
        #expect(plan.steps.map(\.stem) == ["x", "old"])
        #expect(plan.kept == 3)
        #expect(plan.steps[1].moves.map(\.to) == [
            "archive/2026-10/outbox/old.json", "archive/2026-10/outbox/old.p.jpg", "archive/2026-10/outbox/old.result.txt",
            "archive/2026-10/outbox/old.response.json",
        ])
        #expect(plan.steps[0].moves.map(\.from) == ["failed/photos/x.json", "failed/photos/x.result.txt", "failed/photos/x.response.json"])
        #expect(plan.steps[0].moves.last?.to == "archive/2026-11/failed/photos/x.response.json")
    }

    @Test func nothingInProcessingNorYoungerThanKeepDaysNorOfUnknownAgeIsTouched() {
        let plan = RetentionPlan(folders: folders, keepDays: 60, archive: true, now: now)
        #expect(plan.steps.isEmpty)
        let all = RetentionPlan(folders: folders, keepDays: 0, archive: true, now: now)
        #expect(all.steps.map(\.stem) == ["x", "new", "old", "old.b"])
        #expect(!all.steps.contains { $0.folder.hasPrefix("processing") || $0.stem == "unknown" })
    }

    @Test func aClashInTheArchiveMovesTheWholeJobUnderAnotherName() {
        let plan = RetentionPlan(folders: [folders[1]], keepDays: 7, archive: true, now: now, archiveNames: ["archive/2026-11/failed/photos/x.result.txt"])
        #expect(plan.steps[0].moves.map(\.to) == ["archive/2026-11/failed/photos/x_2.json", "archive/2026-11/failed/photos/x_2.result.txt",
                                                   "archive/2026-11/failed/photos/x_2.response.json"])
    }

    @Test func withoutArchivingOldJobsAreDeletedTheRecordLast() {
        let plan = RetentionPlan(folders: [folders[1]], keepDays: 7, archive: false, now: now)
        #expect(plan.steps[0].moves.isEmpty)
        #expect(plan.steps[0].deletions == ["failed/photos/x.json", "failed/photos/x.result.txt", "failed/photos/x.response.json"])
    }
}
