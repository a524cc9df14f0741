import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Files as workflow inputs (`{"$file": "name"}`), through the agent with the real URLSession
/// transport against the simulator on 127.0.0.1, on real folders.
@Suite struct AttachmentEndToEndTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    func runOnce() async {
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, token: "pat_upload-test") {
            $0.identity = AgentIdentity(id: "me", host: "here", pid: getpid())
        }
    }

    func record(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try folder.read(path))
    }

    @Test func namedFilesAreUploadedOnceAndTravelWithTheirRequest() async throws {
        try folder.write("JPEG bytes", to: "inbox/photo.jpg")
        try folder.write("first", to: "inbox/a.txt")
        try folder.write("second", to: "inbox/b.txt")
        try folder.write(#"{"workflow_id": "1", "parameters": {"image": {"$file": "photo.jpg"}, "docs": [{"$file": "a.txt"}, {"$file": "b.txt"}, "https://example.com/c.pdf"], "again": {"$file": "a.txt"}}}"#,
                         to: "inbox/report.json")
        await runOnce()
        defer { simulator.stop() }
        #expect(folder.names(in: "inbox").isEmpty)
        #expect(folder.names(in: "outbox") == ["report.a.txt", "report.b.txt", "report.json", "report.photo.jpg", "report.response.json"])
        #expect(try folder.read("outbox/report.photo.jpg") == "JPEG bytes")
        let result = try record("outbox/report.response.json")
        #expect(result["status"] == .string("success"))
        let uploads = try #require(result["uploads"]?.arrayValue)
        #expect(uploads.map { $0["name"]?.stringValue } == ["photo.jpg", "a.txt", "b.txt"])
        #expect(uploads.map { $0["bytes"]?.integerValue } == [10, 5, 6])
        #expect(uploads.allSatisfy { $0["file_id"]?.stringValue?.isEmpty == false })
        #expect(simulator.statistics.uploads == 3)
        // What was sent: each file as the {"file_id":"…"} text Coze expects, the URL as it was.
        let sent = try JSONParser().parse(try #require(simulator.statistics.startedParameters.first))
        let photoID = try #require(uploads[0]["file_id"]?.stringValue)
        #expect(sent["image"] == .string(#"{"file_id":"\#(photoID)"}"#))
        #expect(sent["docs"]?.arrayValue?.last == .string("https://example.com/c.pdf"))
        #expect(sent["again"] == sent["docs"]?.arrayValue?.first)
    }

    @Test func aMissingALinkedOrAnOversizedFileIsRefusedBeforeAnythingIsSent() async throws {
        try folder.write(#"{"workflow_id": "1", "parameters": {"image": {"$file": "nowhere.jpg"}}}"#, to: "inbox/missing.json")
        try folder.write("secret", to: "outside.txt")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/inbox/link.txt", withDestinationPath: folder.path + "/outside.txt")
        try folder.write(#"{"workflow_id": "1", "parameters": {"doc": {"$file": "link.txt"}}}"#, to: "inbox/linked.json")
        let huge = try folder.write("", to: "inbox/huge.bin")
        try FileHandle(forWritingAtPath: huge).map { try $0.truncate(atOffset: 513 * 1024 * 1024); try $0.close() }
        try folder.write(#"{"workflow_id": "1", "parameters": {"doc": {"$file": "huge.bin"}}}"#, to: "inbox/huge.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"doc": {"$file": "../outside.txt"}}}"#, to: "inbox/escape.json")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.uploads == 0)
        #expect(simulator.statistics.syncRuns == 0)
        let missing = try record("failed/missing.response.json")
        #expect(missing["error"]?["message"]?.stringValue?.contains("\"nowhere.jpg\" that the request names is not in the inbox") == true)
        #expect(try record("failed/linked.response.json")["error"]?["message"]?.stringValue?.contains("symbolic link") == true)
        #expect(try record("failed/huge.response.json")["error"]?["message"]?.stringValue?.contains("at most 512 MB") == true)
        #expect(try record("failed/escape.response.json")["error"]?["message"]?.stringValue?.contains("without folders, `..`") == true)
        // Nothing is lost: the link and the large file went to failed/ with their requests; the outside file was never touched.
        #expect(folder.names(in: "failed").contains("linked.link.txt"))
        #expect(folder.names(in: "failed").contains("huge.huge.bin"))
        #expect(try folder.read("outside.txt") == "secret")
        #expect(folder.names(in: "inbox").isEmpty)
    }

    @Test func aLargeFileIsStreamedFromDisk() async throws {
        let size = 48 * 1024 * 1024
        var bytes = Data(count: size)
        bytes[0] = 1
        bytes[size - 1] = 2
        try folder.write(bytes, to: "inbox/video.mp4")
        try folder.write(#"{"workflow_id": "1", "parameters": {"video": {"$file": "video.mp4"}}}"#, to: "inbox/large.json")
        await runOnce()
        defer { simulator.stop() }
        let result = try record("outbox/large.response.json")
        #expect(result["status"] == .string("success"))
        #expect(result["uploads"]?.arrayValue?.first?["bytes"] == .integer(size))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/outbox/large.video.mp4")) == bytes)
    }

    @Test func anAnswerCanBeAFile() async throws {
        try folder.write(#"{"workflow_id": "42", "mode": "stream", "parameters": {"_simulate": {"interrupt": "Send the signed form"}}}"#, to: "inbox/form.json")
        await runOnce()
        let template = try record("outbox/form.answer.json")
        let eventID = try #require(template["resume"]?["event_id"]?.stringValue)
        try folder.write("%PDF signed", to: "inbox/signed.pdf")
        try folder.write(#"{"workflow_id": "42", "mode": "stream", "resume": {"event_id": "\#(eventID)", "interrupt_type": 2, "answer": {"$file": "signed.pdf"}}, "continues": "form.response.json"}"#,
                         to: "inbox/form-answer.json")
        await runOnce()
        defer { simulator.stop() }
        let continued = try record("outbox/form-answer.response.json")
        #expect(continued["status"] == .string("success"))
        let fileID = try #require(continued["uploads"]?.arrayValue?.first?["file_id"]?.stringValue)
        #expect(continued["request"]?["resume_data"] == .string(#"{"file_id":"\#(fileID)"}"#))
        #expect(folder.names(in: "outbox").contains("form-answer.signed.pdf"))
    }

    @Test func aFileIsNotUploadedAgainAfterARestart() async throws {
        // A crashed agent had moved and uploaded the file, then died before sending the run.
        let client = CozeClient(baseURL: simulator.baseURL, token: "t", urlSession: URLSessionTransport())
        try folder.write("bytes", to: "stored.bin")
        let body = MultipartBody()
        _ = try body.write(source: folder.path + "/stored.bin", fileName: "photo.jpg", to: folder.path + "/body.bin")
        let uploaded = try await client.upload(bodyFile: folder.path + "/body.bin", contentType: body.contentType, fileName: "photo.jpg", timeout: .seconds(10))
        try folder.write(#"{"workflow_id": "1", "parameters": {"image": {"$file": "photo.jpg"}}}"#, to: "processing/dead/j1.json")
        try folder.write("bytes", to: "processing/dead/j1.attachment-0")
        var entry = JournalEntry(jobID: "j1", name: "again.json", phase: .claiming)
        entry.attachments = [JournalEntry.Attachment(name: "photo.jpg", bytes: 5, fileID: uploaded.id)]
        try folder.write(JSONWriter().string(from: entry.json), to: "processing/dead/j1.state.json")
        try folder.write(#"{"agent":"dead","host":"here","pid":999999,"beat":1,"state":"stopped"}"#, to: "processing/dead/agent.lease")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.uploads == 1)
        let result = try record("outbox/again.response.json")
        #expect(result["status"] == .string("success"))
        #expect(result["uploads"]?.arrayValue?.first?["file_id"] == .string(uploaded.id))
        #expect(folder.names(in: "outbox").contains("again.photo.jpg"))
    }
}
