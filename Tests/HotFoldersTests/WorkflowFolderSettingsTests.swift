import CozeAPI
import HotFolders
import OrderedJSON
import Testing
import WorkflowJobs

@Suite struct WorkflowFolderSettingsTests {
    func parse(_ text: String, _ language: Language = .en) throws(WorkflowFolderProblem) -> WorkflowFolderSettings {
        try WorkflowJSON.parse(text, language)
    }

    func problems(_ text: String, _ language: Language = .en) -> [String] { WorkflowJSON.problems(text, language) }

    @Test func aCompleteFileIsReadWithItsFixedParametersInOrder() throws {
        let settings = try parse("""
            {"workflow_id": "7366468917055111111", "mode": "async", "parameters": {"style": "warm", "size": 3},
             "file_parameter": "image", "text_parameter": null, "name_parameter": "title", "folder_parameter": null,
             "_comment": "photos from the shop"}
            """)
        #expect(settings.workflowID == "7366468917055111111")
        #expect(settings.mode == .async)
        #expect(settings.parameters.map(\.key) == ["style", "size"])
        #expect(settings.parameters[1].value == .number("3"))
        #expect(settings.fileParameter == "image")
        #expect(settings.textParameter == nil)
        #expect(settings.nameParameter == "title")
        #expect(settings.folderParameter == nil)
    }

    @Test func onlyTheWorkflowIDIsNeededAndModeDefaultsToSync() throws {
        let settings = try parse(#"{"workflow_id": 7366468917055111111}"#)
        #expect(settings == WorkflowFolderSettings(workflowID: "7366468917055111111"))
    }

    @Test func writingGivesEveryKeyInTheDocumentedOrderAndReadsBackTheSame() throws {
        let settings = WorkflowFolderSettings(workflowID: "42", mode: .stream, parameters: [JSONMember(key: "风格", value: .string("暖色"))],
                                              fileParameter: "image", textParameter: "prompt")
        let text = String(decoding: settings.bytes, as: UTF8.self)
        #expect(text == """
            {
              "workflow_id": "42",
              "mode": "stream",
              "parameters": {
                "风格": "暖色"
              },
              "file_parameter": "image",
              "text_parameter": "prompt",
              "name_parameter": null,
              "folder_parameter": null
            }

            """)
        #expect(try parse(text) == settings)
    }

    @Test(arguments: [
        (#"{"workflow_id": "1", "file_paramter": "image"}"#, "Unknown key `file_paramter` in workflow.json — did you mean `file_parameter`?"),
        (#"{"workflow_id": "1", "poll": {}}"#, "Unknown key `poll` in workflow.json. The keys it may have are workflow_id, mode, parameters"),
        (#"{"mode": "sync"}"#, "`workflow_id` is missing. Copy the digits after workflow_id="),
        (#"{"workflow_id": "abc"}"#, "`workflow_id` must be only digits, but it is \"abc\""),
        (#"{"workflow_id": "1", "mode": "chat"}"#, "`mode` must be \"sync\", \"async\", \"stream\""),
        (#"{"workflow_id": "1", "parameters": [1]}"#, "`parameters` must be an object of fixed values"),
        (#"{"workflow_id": "1", "file_parameter": 3}"#, "`file_parameter` must be the name of the workflow input that gets a dropped file"),
        (#"{"workflow_id": "1", "text_parameter": ""}"#, "`text_parameter` must be the name of the workflow input"),
        (#"["workflow_id"]"#, "workflow.json holds an array, but it must be a JSON object"),
        (#"{"workflow_id": "1",}"#, "workflow.json is not valid JSON"),
    ])
    func eachMistakeIsNamedWithWhatToWrite(text: String, expected: String) {
        let found = problems(text)
        #expect(found.contains { $0.contains(expected) }, "\(found)")
    }

    @Test func everyProblemIsReportedAtOnceAndInChineseWhenAsked() {
        let found = problems(#"{"workflow_id": "x", "mode": "fast", "fille_parameter": "a"}"#, .zh)
        #expect(found.count == 3)
        #expect(found.contains("workflow.json 中有未知的键 `fille_parameter`——是不是 `file_parameter`？"))
        #expect(found.contains { $0.hasPrefix("`workflow_id` 只能是数字") })
        #expect(found.contains { $0.hasPrefix("`mode` 必须是") })
    }

    @Test func commentKeysAreIgnoredAndAByteOrderMarkIsFine() throws {
        let settings = try WorkflowFolderSettings.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"_说明": "x", "workflow_id": "5"}"#.utf8))
        #expect(settings.workflowID == "5")
    }
}
