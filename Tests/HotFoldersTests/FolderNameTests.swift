import HotFolders
import Testing

@Suite struct FolderNameTests {
    @Test(arguments: [
        ("修图 助手", "修图 助手"),
        ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
        ("tab\there\u{7}", "tab_here_"),
        ("  trailing. . ", "trailing"),
        ("..hidden", "hidden"),
        ("CON", "CON_"),
        ("con.txt", "con_.txt"),
        ("LPT9", "LPT9_"),
        ("COM10", "COM10"),
        ("Console", "Console"),
        ("", "workflow-42"),
        ("...", "workflow-42"),
        ("///", "___"),
    ])
    func unsafeCharactersAndNamesAreMadeSafe(name: String, expected: String) {
        #expect(FolderName.safe(name, workflowID: "42") == expected)
    }

    @Test func aLongChineseNameIsCutToAHundredBytesWithoutSplittingACharacter() {
        let safe = FolderName.safe(String(repeating: "图", count: 50), workflowID: "1")
        #expect(safe.utf8.count <= 100)
        #expect(safe == String(repeating: "图", count: 33))
    }

    @Test func aCutNeverLeavesATrailingDotOrSpace() {
        let safe = FolderName.safe(String(repeating: "a", count: 98) + " .bbb")
        #expect(safe == String(repeating: "a", count: 98))
    }
}
