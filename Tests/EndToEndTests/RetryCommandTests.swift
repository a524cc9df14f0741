import Foundation
import TestSupport
import Testing

/// `coze-drop retry` on real folders, after real failures filed by the agent against the simulator.
@Suite struct RetryCommandTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    var root: String { folder.path + "/shared" }

    /// A request with an attached file that the simulator fails, filed by one `watch --once`.
    func failOne() async throws {
        try folder.write("PHOTO", to: "shared/inbox/p.jpg")
        try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"image": {"$file": "p.jpg"}, "_simulate": {"fail": "boom"}}}"#,
                         to: "shared/inbox/a.json")
        let watch = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(watch.status == 0, "\(watch.error)")
        #expect(folder.names(in: "shared/failed") == ["a.json", "a.p.jpg", "a.response.json"])
    }

    @Test func aFailedRequestGoesBackWithItsFileAndTheRecordStays() async throws {
        try await failOne()
        let retry = try await BuiltCommand.run(["retry", "--root", root, "a.json", "--lang", "en"])
        #expect(retry.status == 0, "\(retry.error)")
        #expect(retry.output.contains("failed/a.json → inbox/a.json with p.jpg; the earlier record stays at failed/a.response.json."))
        #expect(folder.names(in: "shared/inbox") == ["a.json", "p.jpg"])
        #expect(try folder.read("shared/inbox/p.jpg") == "PHOTO")
        #expect(folder.names(in: "shared/failed") == ["a.response.json"])

        // The agent takes it again (and the simulator fails it again): the earlier record is kept.
        let watch = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(watch.status == 0)
        #expect(folder.names(in: "shared/failed").filter { $0.hasSuffix(".response.json") }.count == 2)

        let again = try await BuiltCommand.run(["retry", "--root", root, "a.json", "--lang", "en"])
        #expect(again.status == 0, "\(again.error)")
    }

    @Test func aTakenNameInTheInboxGetsAFreshNameAndNothingIsReplaced() async throws {
        try await failOne()
        try folder.write(#"{"workflow_id": "1"}"#, to: "shared/inbox/a.json")
        let retry = try await BuiltCommand.run(["retry", "--root", root, "--all", "--lang", "en"])
        #expect(retry.status == 0, "\(retry.error)")
        #expect(folder.names(in: "shared/inbox") == ["a.json", "a_retry.json", "p.jpg"])
        #expect(try folder.read("shared/inbox/a.json") == #"{"workflow_id": "1"}"#)
    }

    @Test func interruptedRunsAreRefusedWithWhyUnlessForced() async throws {
        try folder.write(#"{"workflow_id": "7400000000000001234"}"#, to: "shared/failed/photos/b.json")
        try folder.write(#"{"status": "failed", "error": {"kind": "interrupted", "message": "stopped"}, "source_file": "b.json", "finished_at": "2026-11-30T10:00:00.000+08:00"}"#,
                         to: "shared/failed/photos/b.response.json")
        let refused = try await BuiltCommand.run(["retry", "--root", root, "b", "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.error.contains("failed/photos/b.json not retried: its run was interrupted and may have finished on Coze"))
        #expect(refused.error.contains("add --force"))
        #expect(folder.names(in: "shared/failed/photos") == ["b.json", "b.response.json"])

        let forced = try await BuiltCommand.run(["retry", "--root", root, "b", "--force", "--folder", "photos", "--lang", "zh"])
        #expect(forced.status == 0, "\(forced.error)")
        #expect(folder.names(in: "shared/inbox/photos") == ["b.json"])
    }

    @Test func namesThatMatchNothingAndAMissingChoiceSaySo() async throws {
        let unknown = try await BuiltCommand.run(["retry", "--root", root, "zzz.json", "--lang", "en"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("zzz.json: no such failed request in \(root)/failed"))
        let neither = try await BuiltCommand.run(["retry", "--root", root])
        #expect(neither.status == 2)
        #expect(neither.error.contains("or give --all"))
    }
}
