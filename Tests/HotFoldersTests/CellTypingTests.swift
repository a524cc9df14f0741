import CozeAPI
import HotFolders
import OrderedJSON
import Testing

@Suite struct CellTypingTests {
    /// A cell, the input's type, and the JSON the run sends (or the problem's code).
    struct Case: CustomTestStringConvertible, Sendable {
        var type: String
        var cell: String
        var expected: String?
        var problem: BatchProblem.Code?
        var testDescription: String { "\(type) \"\(cell)\"" }

        static func value(_ type: String, _ cell: String, _ json: String) -> Case { Case(type: type, cell: cell, expected: json) }
        static func refused(_ type: String, _ cell: String, _ code: BatchProblem.Code = .invalidCell) -> Case { Case(type: type, cell: cell, problem: code) }
    }

    static let cases: [Case] = [
        .value("integer", "12", "12"),
        .value("integer", " 12 ", "12"),
        .value("integer", "-3", "-3"),
        .value("integer", "+7", "7"),
        .value("integer", "12.0", "12"),
        .value("integer", "１２", "12"),
        .value("integer", "007", "7"),
        .value("integer", "9223372036854775807", "9223372036854775807"),
        .refused("integer", "1,234"),
        .refused("integer", "12.5"),
        .refused("integer", "twelve"),
        .refused("integer", "99999999999999999999"),
        .refused("integer", "-"),
        .refused("integer", "--5"),
        .value("number", "3.5", "3.5"),
        .value("number", "12", "12"),
        .value("number", "1.50", "1.50"),
        .value("number", "-0.25", "-0.25"),
        .value("number", "1e3", "1e3"),
        .value("number", ".5", "0.5"),
        .value("number", "+2", "2"),
        .value("number", "5.", "5"),
        .refused("number", "1,5"),
        .refused("number", "inf"),
        .refused("number", "1e400"),
        .refused("number", "nan"),
        .refused("number", "0x10"),
        .refused("number", "12 kg"),
        .value("boolean", "true", "true"),
        .value("boolean", "TRUE", "true"),
        .value("boolean", "False", "false"),
        .value("boolean", "1", "true"),
        .value("boolean", "0", "false"),
        .value("boolean", "Yes", "true"),
        .value("boolean", "no", "false"),
        .value("boolean", "是", "true"),
        .value("boolean", "否", "false"),
        .refused("boolean", "maybe"),
        .refused("boolean", "2"),
        .value("array", "[1,2]", "[1,2]"),
        .value("array", " [\"a\", \"b\"] ", "[\"a\",\"b\"]"),
        .refused("array", "1,2"),
        .refused("array", "{\"a\": 1}"),
        .refused("array", "[1,"),
        .value("object", "{\"a\": 1, \"b\": [true]}", "{\"a\":1,\"b\":[true]}"),
        .refused("object", "[1]"),
        .refused("object", "a=1"),
        .value("string", "007", "\"007\""),
        .value("string", " padded ", "\" padded \""),
        .value("string", "1,234", "\"1,234\""),
        .value("string", "[1,2]", "\"[1,2]\""),
        .value("", "anything", "\"anything\""),
        .value("image", "https://example.com/cat.png", "\"https://example.com/cat.png\""),
        .value("image", "HTTP://example.com/cat.png", "\"HTTP://example.com/cat.png\""),
        .value("file", "{\"file_id\":\"7366\"}", "\"{\\\"file_id\\\":\\\"7366\\\"}\""),
        .value("image", "photo.jpg", "{\"$file\":\"photo.jpg\"}"),
        .value("doc", " 报告.docx ", "{\"$file\":\"报告.docx\"}"),
        .value("audio", "files/voice.mp3", "{\"$file\":\"voice.mp3\"}"),
        .value("video", "files\\clip.mp4", "{\"$file\":\"clip.mp4\"}"),
        .refused("image", "../photo.jpg", .invalidFileName),
        .refused("image", "pictures/photo.jpg", .invalidFileName),
        .refused("image", "C:\\photos\\a.jpg", .invalidFileName),
        .refused("image", ".hidden.jpg", .invalidFileName),
        .refused("file", "ftp://example.com/a.pdf", .invalidFileName),
    ]

    @Test(arguments: cases)
    func aCellIsTypedByItsInputsType(_ test: Case) throws {
        let input = WorkflowInput(name: "value", type: test.type)
        let result = CellTyping.value(of: test.cell, for: input, row: 5)
        switch (result, test.expected, test.problem) {
        case (.success(let typed), let expected?, nil):
            #expect(typed.value == (try JSONParser().parse(expected)))
        case (.failure(let problem), nil, let code?):
            #expect(problem.code == code)
            #expect(problem.row == 5)
            #expect(problem.column == "value")
            #expect(problem.english.hasPrefix("Row 5, column `value`: "))
            #expect(problem.chinese.hasPrefix("第 5 行 `value` 列："))
        default:
            Issue.record("\(test.type) \"\(test.cell)\" gave \(result)")
        }
    }

    @Test func aFileCellNamesTheFileItsPlaceholderStandsFor() throws {
        let typed = try CellTyping.value(of: "photo.jpg", for: WorkflowInput(name: "image", type: "image"), row: 2).get()
        #expect(typed.files == ["photo.jpg"])
        let url = try CellTyping.value(of: "https://example.com/a.png", for: WorkflowInput(name: "image", type: "image"), row: 2).get()
        #expect(url.files.isEmpty)
    }

    @Test(arguments: [
        ("a.jpg; b.jpg", "[{\"$file\":\"a.jpg\"},{\"$file\":\"b.jpg\"}]", ["a.jpg", "b.jpg"]),
        ("a.jpg\nhttps://example.com/b.jpg", "[{\"$file\":\"a.jpg\"},\"https://example.com/b.jpg\"]", ["a.jpg"]),
        ("[\"a.jpg\", \"files/c.png\"]", "[{\"$file\":\"a.jpg\"},{\"$file\":\"c.png\"}]", ["a.jpg", "c.png"]),
        ("甲.jpg；乙.jpg", "[{\"$file\":\"甲.jpg\"},{\"$file\":\"乙.jpg\"}]", ["甲.jpg", "乙.jpg"]),
    ])
    func anArrayOfFilesTakesSeveralNames(cell: String, json: String, files: [String]) throws {
        let input = WorkflowInput(name: "images", type: "array", items: WorkflowInputShape(type: "image"))
        let typed = try CellTyping.value(of: cell, for: input, row: 3).get()
        #expect(typed.value == (try JSONParser().parse(json)))
        #expect(typed.files == files)
    }

    @Test func anArrayOfFilesRefusesAFolderPath() {
        let input = WorkflowInput(name: "images", type: "array", items: WorkflowInputShape(type: "image"))
        let result = CellTyping.value(of: "a.jpg; ../b.jpg", for: input, row: 3)
        #expect(throws: BatchProblem.self) { try result.get() }
    }

    @Test(arguments: [("-", "is not a whole number (integer): write digits only"), ("99999999999999999999", "is too large for a whole number")])
    func aBadWholeNumberIsToldApartFromATooLargeOne(cell: String, message: String) throws {
        let problem = try #require(CellTyping.value(of: cell, for: WorkflowInput(name: "n", type: "integer"), row: 2).failureValue)
        #expect(problem.english.contains(message))
    }

    @Test func theMessageSaysHowToWriteTheCell() throws {
        let problem = try #require(CellTyping.value(of: "1,234", for: WorkflowInput(name: "count", type: "integer"), row: 8).failureValue)
        #expect(problem.english == "Row 8, column `count`: \"1,234\" is not a whole number the workflow takes (integer): write it without thousands separators, e.g. 1234.")
        #expect(problem.chinese == "第 8 行 `count` 列：\"1,234\" 不是工作流要的整数（integer）：请去掉千位分隔符，例如写成 1234。")
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
