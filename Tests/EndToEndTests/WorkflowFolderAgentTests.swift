import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Files dropped into workflow folders (`inbox/<NAME>/` with a `workflow.json`), run by the agent
/// with the real URLSession transport against the simulator on 127.0.0.1, on real folders.
@Suite struct WorkflowFolderAgentTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    @discardableResult
    func runOnce() async -> RecordingEventSink {
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, token: "pat_folder-test") {
            $0.identity = AgentIdentity(id: "me", host: "here", pid: getpid())
        }
    }

    func record(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try folder.read(path))
    }

    func sent() throws -> [JSONValue] {
        try simulator.statistics.startedParameters.map { try JSONParser().parse($0) }
    }

    static let photos = #"{"workflow_id": "7366", "mode": "sync", "parameters": {"style": "warm", "_simulate": {"output": {"output": "a cat on a mat"}}}, "file_parameter": "image", "text_parameter": null, "name_parameter": "title", "folder_parameter": null}"#

    @Test func aDroppedPhotoIsUploadedIntoTheFileInputAndItsResultsMirrorTheFolder() async throws {
        try folder.write(Self.photos, to: "inbox/Photos/workflow.json")
        try folder.write("README", to: "inbox/Photos/README.txt")
        try folder.write("image,title", to: "inbox/Photos/template.csv.sample")
        try folder.write("JPEG bytes", to: "inbox/Photos/cat.jpg")
        await runOnce()
        defer { simulator.stop() }
        // The folder's own files stay; the photo went to outbox/Photos/ under its own name.
        #expect(folder.names(in: "inbox/Photos") == ["README.txt", "template.csv.sample", "workflow.json"])
        #expect(folder.names(in: "outbox/Photos", summaries: true) == ["cat.jpg", "cat.output.txt", "cat.response.json", "cat.result.txt"])
        #expect(try folder.read("outbox/Photos/cat.jpg") == "JPEG bytes")
        #expect(try folder.read("outbox/Photos/cat.output.txt") == "a cat on a mat")
        #expect(simulator.statistics.uploads == 1)
        let result = try record("outbox/Photos/cat.response.json")
        #expect(result["status"] == .string("success"))
        let fileID = try #require(result["uploads"]?.arrayValue?.first?["file_id"]?.stringValue)
        let parameters = try #require(try sent().first)
        #expect(parameters["image"] == .string(#"{"file_id":"\#(fileID)"}"#))
        #expect(parameters["title"] == .string("cat"))
        #expect(parameters["style"] == .string("warm"))
        #expect(folder.names(in: "processing/me").isEmpty)
    }

    @Test func aGBKTextFileGoesInAsTextAndAJSONRequestTakesTheFolderAsDefaults() async throws {
        try folder.write(#"{"workflow_id": "9001", "mode": "sync", "parameters": {"tone": "formal", "length": 100}, "file_parameter": "doc", "text_parameter": "text", "name_parameter": "title"}"#,
                         to: "inbox/Essays/workflow.json")
        try folder.write(try #require("你好，世界。春天来了。".data(using: String.Encoding(rawValue: 0x8000_0632))), to: "inbox/Essays/作文.txt")
        try folder.write(#"{"parameters": {"tone": "casual", "text": "own text"}}"#, to: "inbox/Essays/mine.json")
        await runOnce()
        defer { simulator.stop() }
        #expect(folder.names(in: "inbox/Essays") == ["workflow.json"])
        #expect(simulator.statistics.uploads == 0)
        let runs = try sent()
        #expect(runs.count == 2)
        let essay = try #require(runs.first { $0["title"] == .string("作文") })
        #expect(essay["text"] == .string("你好，世界。春天来了。"))
        #expect(essay["tone"] == .string("formal"))
        #expect(essay["length"] == .integer(100))
        // The request's own parameters win key by key; the rest come from workflow.json.
        let mine = try #require(runs.first { $0["text"] == .string("own text") })
        #expect(mine["tone"] == .string("casual"))
        #expect(mine["length"] == .integer(100))
        #expect(try record("outbox/Essays/mine.response.json")["request"]?["workflow_id"] == .string("9001"))
        #expect(folder.names(in: "outbox/Essays").contains("作文.txt"))
        #expect(folder.names(in: "outbox/Essays").contains("mine.json"))
    }

    @Test func aFileThatFitsNoSettingFailsSayingWhichSettingIsMissing() async throws {
        try folder.write(#"{"workflow_id": "42", "text_parameter": "text"}"#, to: "inbox/Texts/workflow.json")
        try folder.write("%PDF", to: "inbox/Texts/scan.pdf")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.syncRuns == 0)
        #expect(folder.names(in: "failed/Texts") == ["scan.pdf", "scan.response.json"])
        let message = try #require(try record("failed/Texts/scan.response.json")["error"]?["message"]?.stringValue)
        #expect(message.contains("no `file_parameter`"))
        #expect(folder.names(in: "inbox/Texts") == ["workflow.json"])
    }

    @Test func aFolderWithABrokenWorkflowJSONIsSaidOnceAndItsFilesAreLeftAlone() async throws {
        try folder.write(#"{"workflow_id": "abc", "file_parameter": "image"}"#, to: "inbox/Broken/workflow.json")
        try folder.write("JPEG", to: "inbox/Broken/dog.jpg")
        try folder.write("not a workflow folder", to: "inbox/Plain/notes.txt")
        let events = await runOnce()
        defer { simulator.stop() }
        #expect(folder.names(in: "inbox/Broken") == ["dog.jpg", "workflow.json"])
        #expect(folder.names(in: "inbox/Plain") == ["notes.txt"])
        #expect(simulator.statistics.syncRuns == 0)
        let said = events.lines.filter { $0.contains("inbox/Broken/workflow.json is not usable") }
        #expect(said.count == 1)
        #expect(said.first?.contains("`workflow_id` must be only digits") == true)
    }

    @Test func aDroppedFileLeftByACrashIsFiledInItsFolderAndNotUploadedAgain() async throws {
        // A crashed agent had claimed and uploaded the photo (the id journaled), then died before the run.
        let client = CozeClient(baseURL: simulator.baseURL, token: "t", urlSession: URLSessionTransport())
        try folder.write("JPEG", to: "stored.bin")
        let body = MultipartBody()
        _ = try body.write(source: folder.path + "/stored.bin", fileName: "dog.jpg", to: folder.path + "/body.bin")
        let uploaded = try await client.upload(bodyFile: folder.path + "/body.bin", contentType: body.contentType, fileName: "dog.jpg", timeout: .seconds(10))
        try folder.write(Self.photos, to: "inbox/Photos/workflow.json")
        try folder.write("JPEG", to: "processing/dead/j1.json")
        var entry = JournalEntry(jobID: "j1", name: "dog.jpg", phase: .claiming)
        entry.folder = "Photos"
        entry.attachments = [JournalEntry.Attachment(name: "dog.jpg", bytes: 4, fileID: uploaded.id)]
        try folder.write(JSONWriter().string(from: entry.json), to: "processing/dead/j1.state.json")
        try folder.write(#"{"agent":"dead","host":"here","pid":999999,"beat":1,"state":"stopped"}"#, to: "processing/dead/agent.lease")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.uploads == 1)
        #expect(simulator.statistics.syncRuns == 1)
        #expect(folder.names(in: "outbox/Photos") == ["dog.jpg", "dog.output.txt", "dog.response.json"])
        #expect(try sent().first?["image"] == .string(#"{"file_id":"\#(uploaded.id)"}"#))
        #expect(try sent().first?["title"] == .string("dog"))
    }

    @Test func aDroppedSubFolderIsOneRunWithAllItsFilesInTheFolderInput() async throws {
        try folder.write(#"{"workflow_id": "8080", "parameters": {"grade": "5"}, "file_parameter": "image", "name_parameter": "student", "folder_parameter": "pages"}"#,
                         to: "inbox/Essays/workflow.json")
        try folder.write("page one", to: "inbox/Essays/张三/p1.jpg")
        try folder.write("page two", to: "inbox/Essays/张三/p2.jpg")
        try folder.write("lock", to: "inbox/Essays/张三/.~lock")
        try folder.write("shared", to: "inbox/Essays/files/logo.png")
        try folder.write("empty folders wait", to: "inbox/Essays/empty/.keep")
        await runOnce()
        defer { simulator.stop() }
        #expect(simulator.statistics.uploads == 2)
        #expect(simulator.statistics.syncRuns == 1)
        let parameters = try #require(try sent().first)
        #expect(parameters["student"] == .string("张三"))
        #expect(parameters["grade"] == .string("5"))
        let pages = try #require(parameters["pages"]?.arrayValue)
        #expect(pages.count == 2)
        #expect(pages.allSatisfy { $0.stringValue?.contains("file_id") == true })
        // The folder went to outbox/Essays/ whole, next to its record; files/ and an empty folder stay.
        #expect(folder.names(in: "outbox/Essays") == ["张三", "张三.response.json"])
        #expect(folder.names(in: "outbox/Essays/张三") == [".~lock", "p1.jpg", "p2.jpg"])
        #expect(folder.names(in: "inbox/Essays") == ["empty", "files", "workflow.json"])
        let result = try record("outbox/Essays/张三.response.json")
        #expect(result["uploads"]?.arrayValue?.map { $0["name"]?.stringValue } == ["p1.jpg", "p2.jpg"])
    }
}
