#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Ledger
import OrderedJSON
import TestSupport
import Testing

/// `coze-drop retry` with the built binary: the retried request runs again and its new record names
/// the earlier one; a run of `retry` cut off or failing halfway leaves each request in one place.
@Suite struct RetryOfEndToEndTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    var root: String { folder.path + "/shared" }

    func watchOnce() async throws {
        let watch = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(watch.status == 0, "\(watch.error)")
    }

    @Test func aFixedFailedRequestRunsAgainAndItsNewRecordSaysRetryOf() async throws {
        try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"city": "北京", "_simulate": {"fail": "boom"}}}"#, to: "shared/inbox/a.json")
        try await watchOnce()
        #expect(folder.names(in: "shared/failed") == ["a.json", "a.response.json"])

        // The person fixes the request where it is, in an editor that saves UTF-16.
        var utf16 = Data([0xFF, 0xFE])
        for unit in #"{"workflow_id": "7400000000000001234", "parameters": {"city": "北京"}}"#.utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        try folder.write(utf16, to: "shared/failed/a.json")
        let retry = try await BuiltCommand.run(["retry", "--root", root, "a.json", "--lang", "en"])
        #expect(retry.status == 0, "\(retry.error)")
        #expect(retry.output.contains("failed/a.json → inbox/a.json; the earlier record stays at failed/a.response.json."))
        #expect(folder.names(in: "shared/inbox") == ["a.json"])
        #expect(folder.names(in: "shared/failed") == ["a.response.json"])
        let sent = try JSONParser().parse(bytes: Array(try folder.read("shared/inbox/a.json").utf8))
        #expect(sent.objectMembers?.map(\.key) == ["workflow_id", "parameters", "retry_of"])
        #expect(sent["retry_of"]?.stringValue == "failed/a.response.json")

        try await watchOnce()
        #expect(folder.names(in: "shared/outbox") == ["a.json", "a.response.json"])
        let record = try JSONParser().parse(bytes: Array(try folder.read("shared/outbox/a.response.json").utf8))
        #expect(record["status"]?.stringValue == "success")
        #expect(record["retry_of"]?.stringValue == "failed/a.response.json")
        #expect(try folder.read("shared/outbox/a.result.txt").contains("This run was a retry of failed/a.response.json"))
    }

    @Test func retriedRequestsRunOnceEachWhileTwoAgentsWatchAndTheLedgerHasBothAttempts() async throws {
        let names = (0..<12).map { "req-\($0).json" }
        for name in names {
            try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"n": "\#(name)", "_simulate": {"fail": "boom"}}}"#, to: "shared/inbox/\(name)")
        }
        try await watchOnce()
        #expect(folder.names(in: "shared/failed").filter { $0.hasSuffix(".response.json") }.count == names.count)
        // Fixed where they are, then put back while two agents watch the folder.
        for name in names {
            try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"n": "\#(name)"}}"#, to: "shared/failed/\(name)")
        }
        let agents = try (0..<2).map { _ in
            try BuiltCommand.start(["watch", "--root", root, "--simulator", "--settle", "0", "--interval", "0.05", "--lang", "en"])
        }
        let retry = try await BuiltCommand.run(["retry", "--root", root, "--all", "--lang", "en"])
        #expect(retry.status == 0, "\(retry.error)")
        for _ in 0..<3000 where folder.names(in: "shared/outbox").filter({ $0.hasSuffix(".response.json") }).count < names.count {
            try await Task.sleep(for: .milliseconds(20))
        }
        var outputs: [BuiltCommand.Outcome] = []
        for agent in agents {
            kill(agent.process.processIdentifier, SIGTERM)
            outputs.append(await agent.finish())
        }
        // Each retried request ran once, in one agent or the other, and says what it retried.
        let finished = outputs.map { $0.output.components(separatedBy: ": finished").count - 1 }
        #expect(finished.reduce(0, +) == names.count, "\(finished)")
        for name in names {
            let stem = String(name.dropLast(5))
            let record = try JSONParser().parse(try folder.read("shared/outbox/\(stem).response.json"))
            #expect(record["retry_of"]?.stringValue == "failed/\(stem).response.json")
        }
        #expect(folder.names(in: "shared/inbox").isEmpty)
        // The ledger has both attempts of each request, once each, in three agents' files.
        let ledger = LedgerReader(root: root).read()
        for name in names {
            #expect(ledger.lines.filter { $0.sourceFile == name }.map(\.status).sorted() == ["failed", "success"], "\(name)")
        }
        #expect(folder.names(in: "shared/ledger").count >= 2)
    }

    @Test func aPhotoDroppedIntoAWorkflowFolderGoesBackAsItIs() async throws {
        try folder.write(#"{"workflow_id": "7400000000000001234", "mode": "sync", "file_parameter": "image", "parameters": {"_simulate": {"fail": "blurred"}}}"#,
                         to: "shared/inbox/photos/workflow.json")
        try folder.write("JPEG", to: "shared/inbox/photos/cat.jpg")
        try await watchOnce()
        #expect(folder.names(in: "shared/failed/photos") == ["cat.jpg", "cat.response.json"])
        let retry = try await BuiltCommand.run(["retry", "--root", root, "--all", "--lang", "en"])
        #expect(retry.status == 0, "\(retry.error)")
        #expect(folder.names(in: "shared/inbox/photos") == ["cat.jpg", "workflow.json"])
        #expect(try folder.read("shared/inbox/photos/cat.jpg") == "JPEG")
        #expect(folder.names(in: "shared/failed/photos") == ["cat.response.json"])
    }

    @Test func aRetryCutOffAfterItsMarkerIsFinishedByTheNextRun() async throws {
        // What a retry killed after setting the original aside leaves: the copy and its file on their
        // way, the original under its marker. The request is in neither place a person looks, yet nothing is lost.
        try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"image": {"$file": "p.jpg"}}, "retry_of": "failed/a.response.json"}"#,
                         to: "shared/inbox/.retry-new-a.json")
        try folder.write("PHOTO", to: "shared/inbox/.retry-a.p.jpg")
        try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"image": {"$file": "p.jpg"}}}"#, to: "shared/failed/.retry-a.json")
        try folder.write(#"{"status": "failed", "error": {"kind": "network", "message": "m"}, "source_file": "a.json"}"#, to: "shared/failed/a.response.json")
        let retry = try await BuiltCommand.run(["retry", "--root", root, "--all", "--lang", "en"])
        #expect(retry.output.contains("Finished a retry an earlier run left halfway: failed/a.json → inbox/a.json."))
        #expect(folder.names(in: "shared/inbox") == ["a.json", "p.jpg"])
        #expect(folder.names(in: "shared/failed") == ["a.response.json"])
        #expect(try folder.read("shared/inbox/a.json").contains("retry_of"))
        // Nothing is left to retry: the request went back exactly once.
        #expect(retry.status == 1)
        #expect(retry.output.contains("Nothing to retry"))
    }

    @Test func aRetryCutOffBeforeItsMarkerIsUndoneAndThenRetriedOnce() async throws {
        try folder.write(#"{"workflow_id": "7400000000000001234"}"#, to: "shared/failed/a.json")
        try folder.write(#"{"status": "failed", "error": {"kind": "network", "message": "m"}, "source_file": "a.json"}"#, to: "shared/failed/a.response.json")
        try folder.write(#"{"workflow_id": "7400000000000001234", "retry_of": "failed/a.response.json"}"#, to: "shared/inbox/.retry-new-a.json")
        let retry = try await BuiltCommand.run(["retry", "--root", root, "a", "--lang", "en"])
        #expect(retry.status == 0, "\(retry.error)")
        #expect(retry.output.contains("Undid a retry an earlier run left halfway: failed/a.json is back as it was."))
        #expect(folder.names(in: "shared/inbox") == ["a.json"])
        #expect(folder.names(in: "shared/failed") == ["a.response.json"])
    }

    @Test func aRetryThatCannotWriteLeavesTheRequestWhereItWas() async throws {
        try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"image": {"$file": "p.jpg"}}}"#, to: "shared/failed/a.json")
        try folder.write("PHOTO", to: "shared/failed/a.p.jpg")
        try folder.write(#"{"status": "failed", "error": {"kind": "network", "message": "m"}, "source_file": "a.json"}"#, to: "shared/failed/a.response.json")
        // Something in the way of the copy (a folder under its hidden name): the retry fails at its first step.
        try FileManager.default.createDirectory(atPath: root + "/inbox/.retry-new-a.json/x", withIntermediateDirectories: true)
        let retry = try await BuiltCommand.run(["retry", "--root", root, "a", "--lang", "en"])
        #expect(retry.status == 1)
        #expect(retry.error.contains("failed/a.json could not be moved back"))
        #expect(folder.names(in: "shared/failed") == ["a.json", "a.p.jpg", "a.response.json"])
        #expect(folder.names(in: "shared/inbox") == [".retry-new-a.json"])
    }
}
