import CozeAPI
import OrderedJSON
import Testing
import WorkflowJobs

private let info = WorkflowInfo(workflowID: "7366468917055111111", name: "greet_user", inputs: [
    WorkflowInput(name: "user_name", type: "string", required: true, description: "The name to greet"),
    WorkflowInput(name: "age", type: "integer"),
    WorkflowInput(name: "score", type: "number"),
    WorkflowInput(name: "vip", type: "boolean"),
    WorkflowInput(name: "tags", type: "array", items: WorkflowInputShape(type: "string")),
    WorkflowInput(name: "photos", type: "array", items: WorkflowInputShape(type: "image")),
    WorkflowInput(name: "profile", type: "object"),
    WorkflowInput(name: "photo", type: "image"),
    WorkflowInput(name: "mood", type: "string", required: true, defaultValue: "happy"),
])

private func problems(_ parameters: String, language: Language = .en) throws -> [String] {
    ParameterCheck.problems(in: try JSONParser().parse(parameters), against: info, language: language)
}

@Test(arguments: [
    #"{"user_name": "George"}"#,
    #"{"user_name": 42}"#,  // Coze turns a number into text
    #"{"user_name": "George", "age": 7, "score": "1.5", "vip": "true"}"#,
    #"{"user_name": "George", "age": "12", "vip": 1, "tags": ["a", 1]}"#,
    #"{"user_name": "George", "tags": "[\"a\"]", "profile": "{\"a\":1}"}"#,
    #"{"user_name": "George", "photo": {"$file": "cat.png"}, "photos": [{"$file": "a.png"}, "https://example.com/b.png"]}"#,
    #"{"user_name": "George", "photo": "{\"file_id\":\"7369495981102020001\"}"}"#,
    #"{"user_name": "George", "age": null, "_simulate": {"delay_ms": 1}}"#,
])
func parametersThatMayWorkAreNotProblems(_ parameters: String) throws {
    #expect(try problems(parameters) == [])
}

@Test(arguments: [
    (#"{"user_nmae": "George"}"#, ["did you mean `user_name`?"]),
    (#"{"User_Name": "George"}"#, ["did you mean `user_name`?"]),
    (#"{"colour": "red", "user_name": "G"}"#, ["`colour` is not an input", "remove it from `parameters`", "its inputs are `user_name`, `age`"]),
    (#"{}"#, ["The required input `user_name` (string: The name to greet)", "is missing"]),
    (#"{"user_name": "G", "age": "seven"}"#, ["`age` must be a whole number", "but it is a string"]),
    (#"{"user_name": "G", "score": [1]}"#, ["`score` must be a number", "but it is an array"]),
    (#"{"user_name": "G", "vip": "yes"}"#, ["`vip` must be true or false"]),
    (#"{"user_name": "G", "tags": "a,b"}"#, ["`tags` must be an array (array<string>)"]),
    (#"{"user_name": "G", "profile": 3}"#, ["`profile` must be an object"]),
    (#"{"user_name": "G", "photo": "cat.png"}"#, ["`photo` must be a file (image)", "{\"$file\": \"photo.jpg\"}"]),
    (#"{"user_name": "G", "photos": [{"$file": "a.png"}, 3]}"#, ["`photos` must be an array (array<image>)", "but it is a number"]),
])
func whatCertainlyFailsIsNamedWithTheFix(_ parameters: String, expected: [String]) throws {
    let found = try problems(parameters)
    #expect(found.count == 1, "\(found)")
    for part in expected { #expect(found.first?.contains(part) == true, "\(found) lacks \(part)") }
}

@Test func aMistypedRequiredInputIsReportedOnceNotAlsoAsMissing() throws {
    let found = try problems(#"{"user_nmae": "George"}"#)
    #expect(found.count == 1)
    #expect(found[0].contains("workflow 7366468917055111111 (\"greet_user\")"))
}

@Test func problemsAreWrittenInChinese() throws {
    let found = try problems(#"{"user_nmae": "George", "age": "seven"}"#, language: .zh)
    #expect(found.count == 2)
    #expect(found[0].contains("你是不是想写 `user_name`"))
    #expect(found[1].contains("必须是整数"))
    #expect(try problems("{}", language: .zh)[0].contains("缺少工作流 7366468917055111111（\"greet_user\"）的必填输入参数 `user_name`"))
}

@Test func withoutTheInputsNothingIsChecked() throws {
    let bare = WorkflowInfo(workflowID: "1", hasInputs: false)
    #expect(ParameterCheck.problems(in: try JSONParser().parse(#"{"anything": 1}"#), against: bare) == [])
}
