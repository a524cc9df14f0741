import CozeAPI
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

/// Reads a fixture stream through the SSE parser into a transcript, in chunks of `size` bytes.
private func transcript(_ fixture: String, chunk size: Int = 97, terminated: Bool = false) throws -> (ChatTranscript, String) {
    var bytes = try ConformanceFixture(fixture).bytes
    if terminated { bytes += Array("\n\n".utf8) }
    var parser = ServerSentEventParser()
    var transcript = ChatTranscript()
    var shown = ""
    for start in stride(from: 0, to: bytes.count, by: size) {
        for event in parser.feed(bytes[start..<min(start + size, bytes.count)]) {
            shown += transcript.take(event) ?? ""
        }
    }
    return (transcript, shown)
}

@Test func theDocsChatStreamGivesTheJoinedDeltasOnceWithItsIds() throws {
    let (chat, shown) = try transcript("hosted/workflow_chat_stream.sse")
    let expected = "那我给你讲个会冒冷气的笑话哦！从前有只小企鹅问妈妈：\"为什么我们住在南极呀？\"妈妈摸着它的圆脑袋说：\"因为这里有好多好多鱼呀~\"小企鹅眨巴眨巴眼睛：\"可是北极熊住在北极也有鱼呀！\"妈妈突然把翅膀搭在它肩上，压低声音说：\"傻孩子...因为如果我们搬到北极，就会变成'北极大企鹅啦！"
    #expect(chat.answer == expected)
    #expect(chat.ending == .completed)
    #expect(chat.conversationID == "75598599835687*****")
    #expect(chat.chatID == "75598600924738*****")
    #expect(chat.usage?["token_count"] == .integer(1736))
    #expect(chat.debugURL == "https://www.coze.cn/work_flow?execute_id=75598600951038*****&space_id=74982048832804*****&workflow_id=75228046974940*****&execute_mode=2")
    #expect(chat.events.map(\.event) == ["conversation.chat.created", "conversation.chat.in_progress"]
        + Array(repeating: "conversation.message.delta", count: 10)
        + ["conversation.message.completed", "conversation.message.completed", "conversation.message.completed", "conversation.chat.completed", "done"])
    #expect(shown == expected + "\n[done]\n")
    #expect(chat.question == nil)
}

@Test func cozepysChatFixtureGivesTheSameAnswerAsItsCompletedMessage() throws {
    let (chat, _) = try transcript("hosted/workflows_chat_stream_resp.sse", chunk: 13, terminated: true)
    #expect(chat.answer == "I'm fine, thank you. How about you?")
    #expect(chat.conversationID == "conv_111111111")
    #expect(chat.chatID == "id_1111")
    #expect(chat.ending == .completed)
    #expect(chat.usage?["output_count"] == .integer(11))
    #expect(chat.debugURL?.hasSuffix("workflow_id=workflow_1111") == true)
}

@Test func aVerboseInterruptMeansTheChatWaitsForAnAnswerToTheLastAnswerMessage() throws {
    let (chat, _) = try transcript("hosted/workflow_chat_interrupt_stream.sse")
    #expect(chat.ending == .needsInput)
    #expect(chat.question == "中午吃啥了")
    #expect(chat.answer == "中午吃啥了")
    #expect(chat.conversationID == "456")
}

@Test func aFailedChatKeepsCozesCodeAndMessage() throws {
    let (chat, shown) = try transcript("hosted/workflow_chat_failed_stream.sse")
    #expect(chat.ending == .failed(code: "720702204", message: "会话名不存在"))
    #expect(shown.contains("[failed 720702204] 会话名不存在"))
}

@Test func completedAnswersCountOnlyWhenThereWereNoDeltasAndVerboseIsNotAnswerText() {
    var chat = ChatTranscript()
    let completed = ServerSentEvent(event: "conversation.message.completed", data: #"{"id":"1","type":"answer","content":"Hello","chat_id":"9","conversation_id":"8"}"#)
    let followUp = ServerSentEvent(event: "conversation.message.completed", data: #"{"id":"2","type":"follow_up","content":"What else?"}"#)
    let requires = ServerSentEvent(event: "conversation.chat.requires_action", data: #"{"id":"9","conversation_id":"8","status":"requires_action"}"#)
    #expect(chat.take(completed) == "Hello")
    #expect(chat.take(followUp) == nil)
    _ = chat.take(requires)
    #expect(chat.answer == "Hello")
    #expect(chat.ending == .needsInput)
    #expect(chat.question == "Hello")
    #expect(chat.conversationID == "8")
}

@Test func aStreamWithoutAnEndingHasNone() {
    var chat = ChatTranscript()
    _ = chat.take(ServerSentEvent(event: "conversation.message.delta", data: #"{"id":"1","type":"answer","content":"Hel"}"#))
    _ = chat.take(ServerSentEvent(event: "mystery", data: "{}"))
    #expect(chat.ending == nil)
    #expect(chat.answer == "Hel")
    #expect(chat.events.count == 2)
}

@Test func anErrorEventEndsTheChatWithItsCodeAsText() {
    var chat = ChatTranscript()
    _ = chat.take(ServerSentEvent(event: "error", data: #"{"code":720702011,"msg":"workflow not found","debug_url":""}"#))
    #expect(chat.ending == .error(code: "720702011", message: "workflow not found"))
}

@Test func twoAnswerMessagesStandOnLinesOfTheirOwnAndTheirCompletedCopiesAreNotShownAgain() {
    var chat = ChatTranscript()
    var shown = ""
    for (event, data) in [
        ("conversation.message.delta", #"{"id":"1","type":"answer","content":"One"}"#),
        ("conversation.message.completed", #"{"id":"1","type":"answer","content":"One"}"#),
        ("conversation.message.delta", #"{"id":"2","type":"answer","content":"Two"}"#),
        ("conversation.message.completed", #"{"id":"2","type":"answer","content":"Two"}"#),
        ("conversation.message.completed", #"{"id":"3","type":"follow_up","content":"More?"}"#),
        ("conversation.chat.completed", #"{"id":"9","conversation_id":"8","status":"completed","usage":{"token_count":3}}"#),
    ] {
        shown += chat.take(ServerSentEvent(event: event, data: data)) ?? ""
    }
    #expect(chat.answer == "One\nTwo")
    #expect(shown == "One\nTwo")
    #expect(chat.ending == .completed)
    #expect(chat.usage?["token_count"] == .integer(3))
}
