import CozeAPI
import Foundation
import Testing

/// The stream transcript from the Coze docs (../shared/coze-api.md), and the same with the other
/// spellings a server may use: CRLF line ends, no space after the colon, comments and heartbeats.
private let documented = """
id: 0
event: Message
data: {"content":"msg","node_is_finish":false,"node_seq_id":"0","node_title":"Message"}

id: 5
event: Message
data: {"content":"{\\"output\\":\\"北京\\"}","cost":"0.00","node_is_finish":true,"node_seq_id":"0","node_title":"","token":0}

id: 6
event: Done
data: {"debug_url":"https://www.coze.cn/work_flow?execute_id=741364789030728&space_id=1&workflow_id=2"}


"""

private let interrupted = """
id:0
event:PING
data:{}

: a comment line
id:1
event:Message
data:{"content":"你喜欢什么颜色？","node_is_finish":true,"node_seq_id":"0","node_title":"问答"}

id:2
event:Interrupt
data:{"interrupt_data":{"data":"","event_id":"7404830425073352713/2769808280134765896","type":2},"node_title":"问答"}


""".replacingOccurrences(of: "\n", with: "\r\n")

private let failed = """
id: 0
event: Unknown_Future_Event
data: {"x":1}

id: 1
event: Error
data: {"error_code":4000,"error_message":"Missing required parameter: city"}


"""

private func parseWhole(_ text: String) -> [ServerSentEvent] {
    var parser = ServerSentEventParser()
    return parser.feed(Array(text.utf8))
}

@Test(arguments: [documented, interrupted, failed])
func everySplitOfTheStreamGivesTheSameEvents(_ transcript: String) {
    let bytes = Array(transcript.utf8)
    let expected = parseWhole(transcript)
    #expect(!expected.isEmpty)
    for cut in 0...bytes.count {
        var parser = ServerSentEventParser()
        let events = parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
        #expect(events == expected, "split at byte \(cut)")
    }
    // And one byte at a time.
    var parser = ServerSentEventParser()
    #expect(bytes.flatMap { parser.feed([$0]) } == expected)
}

@Test func readsTheDocumentedTranscriptIntoMessagesAndDone() {
    let events = parseWhole(documented).map(WorkflowStreamEvent.init)
    #expect(events.count == 3)
    guard case .message(let first) = events[0], case .message(let end) = events[1], case .done(let debugURL) = events[2] else {
        Issue.record("unexpected events \(events)")
        return
    }
    #expect(first.content == "msg" && first.nodeTitle == "Message" && !first.nodeIsFinish)
    #expect(end.nodeTitle.isEmpty && end.nodeIsFinish && end.content == #"{"output":"北京"}"#)
    #expect(debugURL?.contains("execute_id=741364789030728") == true)
}

@Test func readsAQuestionWithoutSpacesAndWithCRLF() {
    let events = parseWhole(interrupted)
    #expect(events.map(\.id) == ["0", "1", "2"])
    #expect(WorkflowStreamEvent(events[0]) == .ping)
    #expect(WorkflowStreamEvent(events[2]) == .interrupt(WorkflowInterrupt(eventID: "7404830425073352713/2769808280134765896", type: 2, nodeTitle: "问答")))
}

@Test func keepsUnknownEventsAndReadsErrors() {
    let events = parseWhole(failed).map(WorkflowStreamEvent.init)
    #expect(events == [.other(name: "Unknown_Future_Event"), .error(code: 4000, message: "Missing required parameter: city")])
}

@Test func joinsMultiLineDataAndDefaultsTheEventName() {
    #expect(parseWhole("data: a\ndata: b\n\n") == [ServerSentEvent(event: "message", data: "a\nb")])
    #expect(parseWhole("data\n\n") == [ServerSentEvent(event: "message", data: "")])
}

@Test func aStreamCutInsideAnEventSaysSo() {
    var parser = ServerSentEventParser()
    #expect(parser.feed(Array("id: 1\nevent: Message\ndata: {\"content\":\"hal".utf8)).isEmpty)
    #expect(parser.isInsideEvent)
    var finished = ServerSentEventParser()
    _ = finished.feed(Array(documented.utf8))
    #expect(!finished.isInsideEvent)
}
