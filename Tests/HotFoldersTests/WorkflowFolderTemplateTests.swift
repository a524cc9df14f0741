import CozeAPI
import HotFolders
import Testing
import WorkflowJobs

@Suite struct WorkflowFolderTemplateTests {
    static let photo = WorkflowInfo(workflowID: "7366468917055111111", name: "修图", description: "Makes a photo brighter", inputs: [
        WorkflowInput(name: "image", type: "image", required: true, description: "The photo"),
        WorkflowInput(name: "style", type: "string", required: false, description: "How it should look"),
        WorkflowInput(name: "strength", type: "number"),
    ])

    @Test func theOneFileInputAndTheOneTextInputAreChosen() {
        let settings = WorkflowFolderTemplate(info: Self.photo, folderName: "修图").settings
        #expect(settings.workflowID == "7366468917055111111")
        #expect(settings.mode == .sync)
        #expect(settings.fileParameter == "image")
        #expect(settings.textParameter == "style")
        #expect(settings.nameParameter == nil && settings.folderParameter == nil && settings.parameters.isEmpty)
    }

    @Test(arguments: [
        ([WorkflowInput(name: "a", type: "image"), WorkflowInput(name: "b", type: "doc")], nil as String?),
        ([WorkflowInput(name: "a", type: "string")], nil),
        ([WorkflowInput(name: "a", type: "audio"), WorkflowInput(name: "b", type: "array")], "a"),
        ([WorkflowInput(name: "v", type: "Video")], "v"),
    ])
    func aFileInputIsChosenOnlyWhenThereIsExactlyOne(inputs: [WorkflowInput], expected: String?) {
        let info = WorkflowInfo(workflowID: "1", inputs: inputs)
        #expect(WorkflowFolderTemplate(info: info, folderName: "x").settings.fileParameter == expected)
    }

    @Test func whenItCannotTellTheReadmeSaysWhichToSet() {
        let info = WorkflowInfo(workflowID: "1", inputs: [WorkflowInput(name: "front", type: "image"), WorkflowInput(name: "back", type: "image"),
                                                          WorkflowInput(name: "a", type: "string"), WorkflowInput(name: "b", type: "string")])
        let template = WorkflowFolderTemplate(info: info, folderName: "cards")
        #expect(template.settings.fileParameter == nil && template.settings.textParameter == nil)
        #expect(template.readme.contains("not set: write one of \"front\", \"back\" as \"file_parameter\" in workflow.json"))
        #expect(template.readme.contains("尚未设置：请在 workflow.json 中把 \"text_parameter\" 设为 \"a\"、\"b\" 之一"))
    }

    @Test func theReadmeTellsWhatTheWorkflowDoesItsInputsWhatToDropAndWhereResultsGoInBothLanguages() {
        let readme = WorkflowFolderTemplate(info: Self.photo, folderName: "修图").readme
        for line in ["Workflow folder: 修图 (7366468917055111111)", "What it does: Makes a photo brighter",
                     "  image (image, required) — The photo", "  strength (number, optional)",
                     "a photo or another file: one run, the file goes to `image` (file_parameter)",
                     "a .txt or .md file: one run, its text goes to `style` (text_parameter)",
                     "a sub-folder: one run, its files go to … nothing yet: set \"folder_parameter\"",
                     "one run per row; the header row holds the input names", "template.csv.sample",
                     "Results appear in outbox/修图/ (success) and failed/修图/",
                     "工作流文件夹：修图 (7366468917055111111)", "作用：Makes a photo brighter", "  image（image，必填）：The photo",
                     "每行运行一次", "结果出现在 outbox/修图/（成功）和 failed/修图/"] {
            #expect(readme.contains(line), "missing: \(line)")
        }
    }

    @Test func theSampleTableIsAHeaderOfTheInputNamesWithAByteOrderMarkAndCRLF() {
        let bytes = WorkflowFolderTemplate(info: Self.photo, folderName: "x").sampleTable
        #expect(bytes == [0xEF, 0xBB, 0xBF] + Array("image,style,strength\r\n".utf8))
    }
}
