import Notifications
import Testing

struct NotificationMessageTests {
    static func failures(_ count: Int, language: NotificationLanguage = .en) -> [NotificationEvent] {
        (0..<count).map { NotificationEvent(kind: .failed, text: "request \($0) failed", language: language, file: "\(Character(Unicode.Scalar(97 + $0)!)).json") }
    }

    @Test func tellsOneEventInItsOwnWords() {
        let message = NotificationMessage.folding(Self.failures(1), span: 0)
        #expect(message.title == "coze-drop: a request failed")
        #expect(message.text == "request 0 failed")
    }

    @Test(arguments: [
        (NotificationLanguage.en, 12, 30.0, "12 requests failed in the last minute: a.json, b.json, c.json and 9 more."),
        (.en, 3, 150.0, "3 requests failed in the last 3 minutes: a.json, b.json, c.json."),
        (.zh, 12, 30.0, "最近 1 分钟内有 12 个请求失败：a.json、b.json、c.json 等 12 个。"),
        (.zh, 2, 61.0, "最近 2 分钟内有 2 个请求失败：a.json、b.json。"),
    ])
    func foldsABurstIntoOneLine(language: NotificationLanguage, count: Int, span: Double, line: String) {
        let message = NotificationMessage.folding(Self.failures(count, language: language), span: span)
        #expect(message.text == line)
        #expect(message.events.count == count)
        #expect(message.title == language.pick(en: "coze-drop: \(count) notifications", zh: "coze-drop：\(count) 条通知"))
    }

    @Test func keepsTheWordsOfAKindThatHappenedOnceBesideAFoldedKind() {
        let question = NotificationEvent(kind: .needsInput, text: "b.json waits for your answer: write it in b.answer.json.", file: "q.json")
        let message = NotificationMessage.folding(Self.failures(2) + [question], span: 5)
        #expect(message.text == "2 requests failed in the last minute: a.json, b.json.\n\nb.json waits for your answer: write it in b.answer.json.")
    }

    @Test func saysHowManyWereDropped() {
        #expect(NotificationMessage.folding(Self.failures(1), span: 0, dropped: 7).text.hasSuffix("(7 older notifications were dropped because too many were waiting.)"))
        #expect(NotificationMessage.folding(Self.failures(1, language: .zh), span: 0, dropped: 7).text.hasSuffix("（等待发送的通知过多，已丢弃较早的 7 条。）"))
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 7, 10, 13, 20, 33])
    func cutsTextOnCharacterBoundaries(limit: Int) {
        let text = "失败👍🏽ab\"cd"
        let cut = TextCutter.cut(text, toBytes: limit)
        #expect(cut.utf8.count <= max(limit, 0) || cut == text)
        if text.utf8.count > limit, !cut.isEmpty {
            #expect(cut.hasSuffix("…"))
            #expect(text.hasPrefix(String(cut.dropLast())))
        }
        #expect(TextCutter.cut(text, toBytes: 100) == text)
    }
}
