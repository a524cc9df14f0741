import HotFolders
import Testing

@Test func aWorkflowFoldersSettingsFileIsNamedWorkflowJSON() {
    #expect(HotFolders.settingsFileName == "workflow.json")
}
