import CozeAPI
import Foundation
import OrderedJSON
import Testing
import WorkflowJobs

private func parse(_ text: String) throws -> WorkflowRequest {
    try RequestFileParser.parse(Array(text.utf8))
}

private func problem(_ text: String) -> String? {
    do {
        _ = try parse(text)
        return nil
    } catch {
        return (error as? RequestProblem)?.description
    }
}

@Test func filesNamedInParametersAndAnswersAreCollectedOnce() throws {
    let request = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "parameters": {"a": {"$file": "x.png"}, "b": [{"$file": "y.pdf"}, "https://e.com/z", {"$file": "x.png"}], "c": {"file": "not a $file object"}}}"#.utf8))
    #expect(request.attachments == ["x.png", "y.pdf"])
    let answer = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "stream", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": {"$file": "form.pdf"}}}"#.utf8))
    #expect(answer.attachments == ["form.pdf"])
    #expect(answer.resume?.answerFile == "form.pdf")
}

@Test func readsTheFullExampleFromTheREADME() throws {
    let request = try parse("""
        {
          "workflow_id": "7366468917055111111",
          "parameters": {"user_name": "George"},
          "mode": "async",
          "bot_id": null, "app_id": null, "ext": null,
          "workflow_version": null, "connector_id": null,
          "poll": {"initial_interval": 2, "max_interval": 30, "max_attempts": 120}
        }
        """)
    #expect(request.mode == .async)
    #expect(request.invocation.workflowID == "7366468917055111111")
    #expect(request.invocation.isAsync)
    #expect(request.invocation.parameters == .object(["user_name": .string("George")]))
    #expect(request.poll == .standard)
}

@Test func defaultsToASyncRunWithEmptyParameters() throws {
    let request = try parse(#"{"workflow_id": "1"}"#)
    #expect(request.mode == .sync)
    #expect(request.invocation.parameters == .object([]))
    #expect(request.timeout == .seconds(600))
}

@Test func keepsANumericWorkflowIDExactly() throws {
    // 7366468917055111111 cannot be held exactly by a Double.
    #expect(try parse(#"{"workflow_id": 7366468917055111111}"#).invocation.workflowID == "7366468917055111111")
}

@Test func acceptsIsAsyncAsASynonymForAsyncMode() throws {
    #expect(try parse(#"{"workflow_id": "1", "is_async": true}"#).mode == .async)
}

@Test func anExecuteIDOnlyRequestIsAsync() throws {
    let request = try parse(#"{"workflow_id": "1", "execute_id": "742"}"#)
    #expect(request.mode == .async)
    #expect(request.executeID == "742")
}

@Test func acceptsAUTF8ByteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"workflow_id": "1"}"#.utf8)
    #expect(try RequestFileParser.parse(bytes).invocation.workflowID == "1")
}

@Test func acceptsUTF16WithByteOrderMarkAndGBK() throws {
    let text = #"{"workflow_id": "1", "parameters": {"city": "北京"}}"#
    let utf16 = try #require(text.data(using: .utf16LittleEndian))
    #expect(try RequestFileParser.parse([0xFF, 0xFE] + Array(utf16)).invocation.parameters["city"] == .string("北京"))
    let gbk = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
    #expect(try RequestFileParser.parse(Array(gbk)).invocation.parameters["city"] == .string("北京"))
}

@Test(arguments: [
    ("", "holds no JSON value"),
    ("   \n", "holds no JSON value"),
    (#"{"workflow_id": "1""#, "line 1, column 20"),
    ("{\n\"workflow_id\": \"1\",\n}", "line 3, column 1"),
    (#"["workflow_id"]"#, "holds an array, but a request must be a JSON object"),
    (#""7366468917055111111""#, "holds a string"),
    (#"{"parameters": {}}"#, "`workflow_id` is missing"),
    (#"{"workflow_id": "73664a"}"#, "must be only digits"),
    (#"{"workflow_id": 1.5}"#, "must be a whole number"),
    (#"{"workflow_id": ""}"#, "`workflow_id` is empty"),
    (#"{"workflow_id": true}"#, "must be a string of digits, but it is true/false"),
    (#"{"workflow_id": "1", "paramters": {}}"#, "unknown field `paramters` — did you mean `parameters`?"),
    (#"{"workflow_id": "1", "workflowid": "1"}"#, "did you mean `workflow_id`?"),
    (#"{"workflow_id": "1", "colour": "red"}"#, "Unknown field `colour`. The fields a request may have are"),
    (#"{"workflow_id": "1", "parameters": "user=George"}"#, "`parameters` must be an object"),
    (#"{"workflow_id": "1", "parameters": [1]}"#, "`parameters` must be an object"),
    (#"{"workflow_id": "1", "mode": "fast"}"#, "`mode` must be \"sync\", \"async\", \"stream\" or \"chat\", but it is \"fast\""),
    (#"{"workflow_id": "1", "mode": "stream", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": ""}}"#, "`resume.answer` is empty"),
    (#"{"workflow_id": "1", "mode": "stream", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": "x"}, "resumes_left": 0}"#, "all the answers Coze accepts"),
    (#"{"workflow_id": "1", "mode": "async", "execute_id": "9", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": "x"}}"#, "cannot go together"),
    (#"{"workflow_id": "1", "resume": {"event_id": "1/2", "interrupt_type": 5, "answer": {"name": "", "age": null}}}"#, "has no values"),
    (#"{"workflow_id": "1", "mode": "sync", "resume": {"event_id": "1/2", "interrupt_typ": 2, "answer": "x"}}"#, "did you mean `interrupt_type`?"),
    (#"{"workflow_id": "1", "question": "Which city?"}"#, "`question` belongs in an answer file"),
    (#"{"workflow_id": "1", "mode": "stream", "resume": "yes"}"#, "`resume` must be an object"),
    (#"{"workflow_id": "1", "parameters": {"img": {"$file": "../secret.jpg"}}}"#, "without folders, `..` or a leading dot"),
    (#"{"workflow_id": "1", "parameters": {"img": {"$file": "/etc/passwd"}}}"#, "without folders"),
    (#"{"workflow_id": "1", "parameters": {"img": {"$file": "photos/a.jpg"}}}"#, "without folders"),
    (#"{"workflow_id": "1", "parameters": {"img": {"$file": ".hidden.jpg"}}}"#, "a leading dot"),
    (#"{"workflow_id": "1", "parameters": {"img": {"$file": 3}}}"#, "`parameters.img` must be exactly {\"$file\": \"NAME\"}"),
    (#"{"workflow_id": "1", "parameters": {"imgs": [{"$file": "a.jpg", "alt": "x"}]}}"#, "`parameters.imgs[0]` must be exactly"),
    (#"{"workflow_id": "1", "mode": "sync", "is_async": true}"#, "they disagree"),
    (#"{"workflow_id": "1", "is_async": "yes"}"#, "`is_async` must be true or false"),
    (#"{"workflow_id": "1", "bot_id": "2", "app_id": "3"}"#, "`bot_id` and `app_id` are both set"),
    (#"{"workflow_id": "1", "ext": {"user_id": 42}}"#, "`ext.user_id` must be a string"),
    (#"{"workflow_id": "1", "ext": "x"}"#, "`ext` must be an object of strings"),
    (#"{"workflow_id": "1", "workflow_version": 5}"#, "`workflow_version` must be a string"),
    (#"{"workflow_id": "1", "mode": "async", "poll": {"initial_interval": 0}}"#, "`poll.initial_interval` must be a number of seconds"),
    (#"{"workflow_id": "1", "mode": "async", "poll": {"max_attempts": 2.5}}"#, "`poll.max_attempts` must be a whole number"),
    (#"{"workflow_id": "1", "mode": "async", "poll": {"intial_interval": 1}}"#, "did you mean `initial_interval`?"),
    (#"{"workflow_id": "1", "mode": "async", "poll": {"initial_interval": 10, "max_interval": 5}}"#, "smaller than"),
    (#"{"workflow_id": "1", "poll": {"max_attempts": 3}}"#, "`poll` is only used with \"mode\": \"async\""),
    (#"{"workflow_id": "1", "mode": "async", "timeout": 30}"#, "`timeout` is only used with sync runs"),
    (#"{"workflow_id": "1", "timeout": -1}"#, "`timeout` must be a number of seconds"),
    (#"{"workflow_id": "1", "timeout": "60"}"#, "`timeout` must be a number of seconds"),
    (#"{"workflow_id": "1", "mode": "sync", "execute_id": "9"}"#, "`execute_id` continues an async run"),
    (#"{"workflow_id": "1", "workflow_id": "2"}"#, "appears twice"),
])
func explainsWhatIsWrongWithABadRequest(text: String, expected: String) throws {
    let message = try #require(problem(text), "\(text) should be refused")
    #expect(message.localizedCaseInsensitiveContains(expected), "\(message)")
}

@Test func reportsEveryProblemAtOnce() throws {
    let message = try #require(problem(#"{"paramters": {}, "mode": "fast"}"#))
    #expect(message.contains("(1)") && message.contains("(2)") && message.contains("(3)"))
    #expect(message.contains("paramters") && message.contains("workflow_id") && message.contains("mode"))
}

@Test func refusesTextThatIsNotUTF8() throws {
    let message = try #require({ () -> String? in
        do { _ = try RequestFileParser.parse([0x7B, 0xFF, 0xFE, 0xFF, 0x7D]); return nil } catch { return (error as? RequestProblem)?.description }
    }())
    #expect(message.contains("save it as UTF-8"))
}

@Test func theRecordedRequestListsEveryOptionalFieldAsNull() throws {
    let request = try parse(#"{"workflow_id": "1"}"#)
    let keys = request.invocation.describedBody.objectMembers?.map(\.key)
    #expect(keys == ["workflow_id", "parameters", "is_async", "bot_id", "app_id", "ext", "workflow_version", "connector_id"])
    #expect(request.invocation.describedBody["bot_id"] == .null)
}

@Test func anAsyncRunsAnswerIsValidAndGoesOutAsync() throws {
    let request = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "async", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": "blue"}, "question": "Which colour?", "resumes_left": 3}"#.utf8))
    #expect(request.mode == .async)
    #expect(request.resume?.answer == "blue")
}

@Test func anInputNodesAnswerOfFieldsIsSentAsOneJSONString() throws {
    let request = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "resume": {"event_id": "1/2", "interrupt_type": 5, "answer": {"name": "George", "age": 7}}, "required_parameters": {"name": {"type": "string", "required": true}}}"#.utf8))
    #expect(request.resume?.answer == #"{"name":"George","age":7}"#)
}

@Test func pollDefaultsFillWhatARequestLeavesOut() throws {
    let request = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "async", "poll": {"initial_interval": 5}}"#.utf8), pollDefaults: .untilCozeLimit)
    #expect(request.poll.initialInterval == .seconds(5))
    #expect(request.poll.maxAttempts == nil)
    #expect(request.poll.maxDuration == .seconds(86_400))
    let plain = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "async"}"#.utf8))
    #expect(plain.poll == .standard)
}
