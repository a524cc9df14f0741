import CozeAPI
import Testing
import WorkflowJobs

private func problem(_ text: String) -> String? {
    do {
        _ = try RequestFileParser.parse(Array(text.utf8))
        return nil
    } catch {
        return error.description
    }
}

@Test func aChatRequestCarriesItsMessageAndConversation() throws {
    let request = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "chat", "app_id": "7", "message": "你好", "conversation_id": 7237029, "parameters": {"a": {"$file": "x.png"}}}"#.utf8))
    #expect(request.mode == .chat)
    #expect(request.chat?.messages == [ChatMessage(content: "你好")])
    #expect(request.chat?.conversationID == "7237029")
    #expect(request.attachments == ["x.png"])
}

@Test func additionalMessagesAreReadAsCozeSpellsThemWithMessageAddedLast() throws {
    let request = try RequestFileParser.parse(Array(#"""
        {"workflow_id": "1", "mode": "chat", "bot_id": "7",
         "additional_messages": [{"role": "user", "content_type": "text", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}],
         "message": "Tell me a joke"}
        """#.utf8))
    #expect(request.chat?.messages.map(\.role) == ["user", "assistant", "user"])
    #expect(request.chat?.message == "Tell me a joke")
}

@Test func anAnswerFileOfAChatIsARequestInTheSameConversation() throws {
    let request = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "chat", "conversation_id": "456", "app_id": "7", "message": "Paris", "question": "Which city?", "continues": "trip.response.json"}"#.utf8))
    #expect(request.chat?.conversationID == "456")
    #expect(request.chat?.continues == "trip.response.json")
    #expect(request.chat?.message == "Paris")
}

@Test(arguments: [
    (#"{"workflow_id": "1", "mode": "chat", "mesage": "hi"}"#, "did you mean `message`?"),
    (#"{"workflow_id": "1", "mode": "chat", "message": "hi", "conversaton_id": "4"}"#, "did you mean `conversation_id`?"),
    (#"{"workflow_id": "1", "mode": "chat", "additional_message": []}"#, "did you mean `additional_messages`?"),
    (#"{"workflow_id": "1", "mode": "chat"}"#, "A chat needs the user's message: add \"message\": \"Hello\""),
    (#"{"workflow_id": "1", "mode": "chat", "message": "  "}"#, "`message` is empty"),
    (#"{"workflow_id": "1", "mode": "chat", "message": "", "question": "Which city?", "continues": "a.response.json"}"#, "write your answer to the question"),
    (#"{"workflow_id": "1", "mode": "chat", "message": 3}"#, "`message` must be text in quotes"),
    (#"{"workflow_id": "1", "mode": "chat", "additional_messages": [{"role": "assistant", "content": "Hi"}]}"#, "must have \"role\": \"user\""),
    (#"{"workflow_id": "1", "mode": "chat", "additional_messages": [{"role": "user", "contnt": "Hi"}]}"#, "did you mean `content`?"),
    (#"{"workflow_id": "1", "mode": "chat", "additional_messages": "Hi"}"#, "must be a list of messages"),
    (#"{"workflow_id": "1", "mode": "stream", "message": "hi"}"#, "`message` is only used with \"mode\": \"chat\""),
    (#"{"workflow_id": "1", "conversation_id": "4"}"#, "`conversation_id` is only used with \"mode\": \"chat\""),
    (#"{"workflow_id": "1", "mode": "chat", "message": "hi", "poll": {}}"#, "`poll` is only used with \"mode\": \"async\""),
    (#"{"workflow_id": "1", "mode": "chat", "message": "hi", "execute_id": "5"}"#, "`execute_id` continues an async run"),
    (#"{"workflow_id": "1", "mode": "chat", "message": "hi", "resume": {"event_id": "1", "interrupt_type": 2, "answer": "x"}}"#, "A chat is not answered with `resume`"),
    (#"{"workflow_id": "1", "mode": "chat", "message": "hi", "resumes_left": 2}"#, "`resumes_left` belongs to answers"),
    (#"{"workflow_id": "1", "mode": "chta", "message": "hi"}"#, "\"stream\" or \"chat\""),
])
func aChatRequestWithAMistakeSaysWhatToWrite(file: String, expected: String) {
    let found = problem(file)
    #expect(found?.contains(expected) == true, "\(found ?? "no problem")")
}

@Test func chatOnlyFieldsAreToldInChineseToo() {
    do {
        _ = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "chat"}"#.utf8), language: .zh)
        Issue.record("no problem")
    } catch {
        #expect(error.description.contains("对话需要用户的消息"))
    }
}
