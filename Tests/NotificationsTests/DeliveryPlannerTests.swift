import Foundation
import Notifications
import Testing

/// The planner driven by hand: time is a number the test sets, nothing sleeps.
struct PlannerHarness {
    var planner: DeliveryPlanner
    var now = Date(timeIntervalSince1970: 1_764_489_600)
    let start = Date(timeIntervalSince1970: 1_764_489_600)

    init(_ targets: [NotificationTarget], _ configuration: DeliveryPlanner.Configuration = .init()) {
        planner = DeliveryPlanner(targets: targets, configuration: configuration)
    }

    static func target(_ service: NotificationService, on: Set<NotificationEvent.Kind> = NotificationEvent.Kind.defaultOn) -> NotificationTarget {
        let url = switch service {
        case .feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb"
        case .dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3d4b5e6"
        case .wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
        case .webhook: "https://example.internal/coze-drop"
        }
        return NotificationTarget(service: service, url: URL(string: url)!, secret: service == .wecom ? nil : "SECsecret", on: on)
    }

    static func failure(_ file: String) -> NotificationEvent {
        NotificationEvent(kind: .failed, text: "\(file) failed.", file: file)
    }

    /// Seconds since the start.
    var t: Double { now.timeIntervalSince(start) }

    mutating func at(_ seconds: Double) { now = start.addingTimeInterval(seconds) }

    mutating func event(_ event: NotificationEvent) -> [DeliveryPlanner.Action] { planner.handle(.event(event), now: now) }
    mutating func tick() -> [DeliveryPlanner.Action] { planner.handle(.tick, now: now) }
    mutating func answer(_ id: Int, _ status: Int = 200, _ body: String = #"{"code":0,"errcode":0}"#) -> [DeliveryPlanner.Action] {
        planner.handle(.result(delivery: id, .response(status: status, body: Array(body.utf8))), now: now)
    }
    mutating func noAnswer(_ id: Int, _ detail: String = "timed out") -> [DeliveryPlanner.Action] {
        planner.handle(.result(delivery: id, .noAnswer(detail: detail)), now: now)
    }
}

extension [DeliveryPlanner.Action] {
    var sends: [DeliveryPlanner.Delivery] { compactMap { if case .send(let delivery) = $0 { delivery } else { nil } } }
    var wake: Date? { compactMap { if case .wake(let date) = $0 { date } else { nil } }.last }
    var logs: [String] { compactMap { if case .log(let line) = $0 { line } else { nil } } }
}

struct DeliveryPlannerTests {
    @Test func sendsTheFirstEventAtOnceAndFoldsTheBurstAfterItIntoOneMessage() {
        var h = PlannerHarness([PlannerHarness.target(.feishu)])
        let first = h.event(PlannerHarness.failure("a.json"))
        #expect(first.sends.count == 1)
        #expect(first.sends[0].message.text == "a.json failed.")
        #expect(h.answer(first.sends[0].id).isEmpty)
        var wakes: [Date?] = []
        for (offset, name) in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"].enumerated() {
            h.at(Double(1 + offset * 3))
            let actions = h.event(PlannerHarness.failure("\(name).json"))
            #expect(actions.sends.isEmpty)
            wakes.append(actions.wake)
        }
        #expect(Set(wakes) == [h.start.addingTimeInterval(60)])
        h.at(59.9)
        #expect(h.tick().sends.isEmpty)
        h.at(60)
        let folded = h.tick().sends
        #expect(folded.count == 1)
        #expect(folded[0].message.text == "12 requests failed in the last minute: b.json, c.json, d.json and 9 more.")
        #expect(folded[0].message.events.count == 12)
        #expect(String(decoding: folded[0].request.body, as: UTF8.self).contains("12 requests failed in the last minute"))
    }

    @Test func tellsEachTargetOnlyTheKindsItListens() {
        var h = PlannerHarness([PlannerHarness.target(.wecom), PlannerHarness.target(.webhook, on: [.succeeded, .failed])])
        let succeeded = h.event(NotificationEvent(kind: .succeeded, text: "a.json succeeded.", file: "a.json"))
        #expect(succeeded.sends.map(\.target) == [1])
        let failed = h.event(PlannerHarness.failure("b.json"))
        #expect(failed.sends.map(\.target) == [0])
        #expect(h.event(NotificationEvent(kind: .agentStarted, text: "started")).sends.isEmpty)
        #expect(h.planner.waitingEvents(for: 0) == 0 && h.planner.waitingEvents(for: 1) == 1)
    }

    /// Network errors and 5xx: 5, 10, 20, 40 s apart, then a log line and no more tries.
    @Test(arguments: [DeliveryResult.noAnswer(detail: "timed out"), .response(status: 502, body: [])])
    func triesAgainWithBackoffThenGivesUp(failure: DeliveryResult) {
        var h = PlannerHarness([PlannerHarness.target(.dingtalk)])
        var delivery = h.event(PlannerHarness.failure("a.json")).sends[0]
        var retryTimes: [Double] = []
        for attempt in 1...5 {
            #expect(delivery.attempt == attempt)
            let after = h.planner.handle(.result(delivery: delivery.id, failure), now: h.now)
            if attempt == 5 {
                #expect(after.sends.isEmpty && after.wake == nil)
                #expect(after.logs == ["notify DingTalk (oapi.dingtalk.com): gave up on the message about 1 event after 5 tries (last: \(failure == .noAnswer(detail: "timed out") ? "no answer (timed out)" : "HTTP 502"))."])
                break
            }
            #expect(after.logs.count == 1)
            let wake = after.wake!
            h.now = wake.addingTimeInterval(-0.5)
            #expect(h.tick().sends.isEmpty)
            h.now = wake
            retryTimes.append(h.t)
            delivery = h.tick().sends[0]
            #expect(delivery.message.text == "a.json failed.")
        }
        #expect(retryTimes == [5, 15, 35, 75])
    }

    @Test(arguments: [
        (NotificationService.dingtalk, #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#, 600.0),
        (.wecom, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, 60.0),
        (.feishu, #"{"code":11232,"msg":"frequency limited"}"#, 60.0),
    ])
    func waitsOutATooFrequentAnswerSendingNothingMeanwhile(service: NotificationService, body: String, pause: Double) {
        var h = PlannerHarness([PlannerHarness.target(service)], .init(foldInterval: 0))
        let first = h.event(PlannerHarness.failure("a.json")).sends[0]
        let answered = h.answer(first.id, 200, body)
        #expect(answered.wake == h.start.addingTimeInterval(pause))
        #expect(answered.logs.first?.contains("too frequent") == true)
        h.at(pause / 2)
        let meanwhile = h.event(PlannerHarness.failure("b.json"))
        #expect(meanwhile.sends.isEmpty)
        #expect(meanwhile.wake == h.start.addingTimeInterval(pause))
        h.at(pause)
        let retried = h.tick().sends
        #expect(retried.map(\.attempt) == [2])
        #expect(retried[0].message.text == "a.json failed.")
        #expect(h.answer(retried[0].id).sends.map(\.message.text) == ["b.json failed."])
    }

    @Test func dropsARefusedMessageWithALogLineAndGoesOn() {
        var h = PlannerHarness([PlannerHarness.target(.feishu)])
        let first = h.event(PlannerHarness.failure("a.json")).sends[0]
        let refused = h.answer(first.id, 200, #"{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}"#)
        #expect(refused.sends.isEmpty && refused.wake == nil)
        #expect(refused.logs.count == 1)
        #expect(refused.logs[0].hasPrefix("notify Feishu (open.feishu.cn): the message about 1 event was refused and will not be sent again: Feishu 19021"))
        h.at(10)
        #expect(h.event(PlannerHarness.failure("b.json")).wake == h.start.addingTimeInterval(60))
        h.at(60)
        #expect(h.tick().sends.map(\.attempt) == [1])
    }

    /// With folding off, the documented rates still hold: Feishu 5 a second and 100 a minute,
    /// DingTalk and WeCom 20 a minute.
    @Test(arguments: [(NotificationService.feishu, 5, 1.0), (.dingtalk, 20, 60.0), (.wecom, 20, 60.0)])
    func keepsToTheServicesRate(service: NotificationService, limit: Int, window: Double) {
        var h = PlannerHarness([PlannerHarness.target(service)], .init(foldInterval: 0))
        for index in 0..<limit {
            h.at(Double(index) * window / 100)
            let sends = h.event(PlannerHarness.failure("\(index).json")).sends
            #expect(sends.count == 1)
            _ = h.answer(sends[0].id)
        }
        h.at(Double(limit) * window / 100)
        let held = h.event(PlannerHarness.failure("over.json"))
        #expect(held.sends.isEmpty)
        #expect(held.wake == h.start.addingTimeInterval(window))
        h.at(window)
        #expect(h.tick().sends.map(\.message.text) == ["over.json failed."])
    }

    @Test func keepsFeishuUnderAHundredAMinute() {
        var h = PlannerHarness([PlannerHarness.target(.feishu)], .init(foldInterval: 0))
        for index in 0..<100 {
            h.at(Double(index) * 0.25)
            let sends = h.event(PlannerHarness.failure("\(index).json")).sends
            #expect(sends.count == 1, "send \(index)")
            _ = h.answer(sends.first?.id ?? 0)
        }
        h.at(25)
        #expect(h.event(PlannerHarness.failure("over.json")).wake == h.start.addingTimeInterval(60))
    }

    @Test func dropsTheOldestWhenTooManyWaitAndSaysHowMany() {
        var h = PlannerHarness([PlannerHarness.target(.webhook)], .init(queueCapacity: 3))
        let first = h.event(PlannerHarness.failure("a.json")).sends[0]
        for name in ["b", "c", "d", "e", "f"] { _ = h.event(PlannerHarness.failure("\(name).json")) }
        #expect(h.planner.waitingEvents(for: 0) == 3)
        _ = h.answer(first.id, 204, "")
        h.at(60)
        let actions = h.tick()
        let message = actions.sends[0].message
        #expect(message.events.map(\.file) == ["d.json", "e.json", "f.json"])
        #expect(message.droppedEvents == 2)
        #expect(message.text.hasSuffix("(2 older notifications were dropped because too many were waiting.)"))
        #expect(actions.logs == ["notify webhook (example.internal): 2 older events were dropped because more than 3 were waiting."])
    }

    @Test func neverLogsAURLTokenOrSecret() {
        let target = PlannerHarness.target(.dingtalk)
        var h = PlannerHarness([target])
        let first = h.event(PlannerHarness.failure("a.json")).sends[0]
        let logs = h.noAnswer(first.id, "could not connect to \(first.request.url.absoluteString) (secret SECsecret)").logs
        #expect(logs.count == 1)
        #expect(logs[0].contains("oapi.dingtalk.com"))
        for credential in ["d1e2a3d4b5e6", "SECsecret", "access_token", first.request.url.absoluteString] {
            #expect(!logs[0].contains(credential), "\(logs[0])")
        }
    }

    @Test func ignoresAResultItDoesNotKnow() {
        var h = PlannerHarness([PlannerHarness.target(.wecom)])
        #expect(h.answer(42).isEmpty)
    }

    @Test func signsEachTryAtItsOwnTime() {
        var h = PlannerHarness([PlannerHarness.target(.feishu)])
        let first = h.event(PlannerHarness.failure("a.json")).sends[0]
        let wake = h.noAnswer(first.id).wake!
        h.now = wake
        let second = h.tick().sends[0]
        #expect(String(decoding: first.request.body, as: UTF8.self).contains(#""timestamp":"1764489600""#))
        #expect(String(decoding: second.request.body, as: UTF8.self).contains(#""timestamp":"1764489605""#))
    }

    @Test func keepsItsWaitsWhenTheClockIsSetBack() {
        var h = PlannerHarness([PlannerHarness.target(.dingtalk)])
        let first = h.event(PlannerHarness.failure("a.json")).sends[0]
        #expect(h.answer(first.id).isEmpty)
        // Set back an hour, seen 10 s after the last send: the jump counts as no time passing.
        h.at(10 - 3600)
        #expect(h.event(PlannerHarness.failure("b.json")).wake == h.start.addingTimeInterval(70 - 3600))
        h.at(70 - 3600)
        #expect(h.tick().sends.map(\.message.text) == ["b.json failed."])
    }
}
