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

@Suite struct RetentionBatchAndRecoveryTests {
    let now = beijing("2026-11-30T12:00:00")

    /// What a batch filed into `outbox/orders/` leaves: the table and its record, summary, results
    /// tables and rows' answer files; and a job named like a row's answer file.
    var batchFolder: FiledFolder {
        FiledFolder(path: "outbox/orders", names: [
            "march.xlsx", "march.response.json", "march.result.txt", "march.results.csv", "march.results.xlsx", "march.results.jsonl",
            "march.failed.csv", "march-row3.answer.json", "march-row12.answer.json", "march-rowX.answer.json",
            "april-row2.answer.json", "april.progress.txt",
            "may.csv", "may.response.json", "may.results.csv",
        ], finishedAt: ["march": beijing("2026-10-02T08:00:00"), "may": beijing("2026-11-29T08:00:00")])
    }

    @Test func aFiledBatchMovesWholeWithItsResultsTablesAndRowsAnswerFiles() {
        let plan = RetentionPlan(folders: [batchFolder], keepDays: 7, archive: true, now: now)
        #expect(plan.steps.map(\.stem) == ["march"])
        #expect(plan.steps[0].moves.map(\.to) == [
            "archive/2026-10/outbox/orders/march-row12.answer.json", "archive/2026-10/outbox/orders/march-row3.answer.json",
            "archive/2026-10/outbox/orders/march.failed.csv", "archive/2026-10/outbox/orders/march.result.txt",
            "archive/2026-10/outbox/orders/march.results.csv", "archive/2026-10/outbox/orders/march.results.jsonl",
            "archive/2026-10/outbox/orders/march.results.xlsx", "archive/2026-10/outbox/orders/march.xlsx",
            "archive/2026-10/outbox/orders/march.response.json",
        ])
        // A running batch's files (no record yet) and a name that only looks like a row's belong to no job.
        #expect(batchFolder.batchStems == ["march", "may"])
        #expect(!batchFolder.filesByStem.values.joined().contains("april-row2.answer.json"))
        #expect(!batchFolder.filesByStem.values.joined().contains("march-rowX.answer.json"))
    }

    @Test func aJobCaughtHalfwayByACrashGoesOnUnderTheSameName() {
        // The archive holds an earlier complete `x`, and this `x` had begun to move under `x_2`.
        let archive: Set<String> = ["archive/2026-11/failed/x.json", "archive/2026-11/failed/x.response.json", "archive/2026-11/failed/x_2.json"]
        let folder = FiledFolder(path: "failed", names: ["x.result.txt", "x.response.json"], finishedAt: ["x": beijing("2026-11-01T08:00:00")])
        let plan = RetentionPlan(folders: [folder], keepDays: 7, archive: true, now: now, archiveNames: archive)
        #expect(plan.steps[0].moves.map(\.to) == ["archive/2026-11/failed/x_2.result.txt", "archive/2026-11/failed/x_2.response.json"])
        // Begun under its own name: it goes on there.
        let plain = RetentionPlan(folders: [folder], keepDays: 7, archive: true, now: now, archiveNames: ["archive/2026-11/failed/x.json"])
        #expect(plain.steps[0].moves.map(\.to) == ["archive/2026-11/failed/x.result.txt", "archive/2026-11/failed/x.response.json"])
    }

    @Test func aJobsAgeIsItsRecordsFinishedAtElseTheRecordsModificationTime() {
        let record = Array(#"{"status": "success", "finished_at": "2026-10-15T09:00:00.000+08:00"}"#.utf8)
        let folder = FiledFolder(path: "outbox", names: ["a.json", "a.response.json", "b.json", "b.response.json", "c.response.json"],
                                 records: ["a": record, "b": Array("{not json".utf8)], modified: ["b": beijing("2026-09-01T00:00:00"), "a": beijing("2026-11-30T00:00:00")])
        #expect(folder.finishedAt == ["a": beijing("2026-10-15T09:00:00"), "b": beijing("2026-09-01T00:00:00")])
    }

    @Test(arguments: [
        ("archive/2026-10/outbox/a.json", "agent-1", "archive/.moving/agent-1/2026-10/outbox/a.json"),
        ("archive/2026-10/failed/photos/b.p.jpg", "h-12-ab", "archive/.moving/h-12-ab/2026-10/failed/photos/b.p.jpg"),
    ])
    func eachAgentParksFilesUnderItsOwnNameAndTheParkedPathLeadsBack(target: String, agent: String, staged: String) {
        #expect(RetentionPlan.stagingPath(for: target, agent: agent) == staged)
        #expect(RetentionPlan.target(ofStaged: staged) == target)
        #expect(RetentionPlan.target(ofStaged: "archive/2026-10/outbox/a.json") == nil)
    }
}
