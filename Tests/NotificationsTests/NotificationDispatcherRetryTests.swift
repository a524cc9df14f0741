import CozeAPI
import Foundation
import Notifications
import Synchronization
import Testing

/// The dispatcher meets a "too frequent" answer: it waits out the service's pause and the message
/// arrives once. Time is a value the test moves; nothing waits for the real pause.
struct NotificationDispatcherRetryTests {
    final class Bot: Sendable {
        let state = Mutex<(answers: [String], bodies: [String], now: Date)>(([], [], Date(timeIntervalSince1970: 1_764_489_600)))
        let logs = Mutex<[String]>([])

        init(answers: [String]) { state.withLock { $0.answers = answers } }

        var now: Date { state.withLock { $0.now } }
        func advance(by seconds: Double) { state.withLock { $0.now.addTimeInterval(seconds) } }

        var transport: HTTPTransport {
            { request in
                let answer = self.state.withLock { state -> String in
                    state.bodies.append(String(decoding: request.body ?? Data(), as: UTF8.self))
                    return state.answers.isEmpty ? #"{"code":0,"errcode":0,"msg":"ok"}"# : state.answers.removeFirst()
                }
                return HTTPResponse(status: 200, body: Data(answer.utf8))
            }
        }
    }

    @Test(arguments: [
        (NotificationService.feishu, #"{"code":11232,"data":{},"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}"#, 60.0),
        (.dingtalk, #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#, 600.0),
    ])
    func aTooFrequentAnswerIsWaitedOutAndTheMessageArrivesOnce(service: NotificationService, answer: String, pause: Double) async throws {
        let bot = Bot(answers: [answer])
        let dispatcher = NotificationDispatcher(targets: [PlannerHarness.target(service)], transport: bot.transport, now: { bot.now },
                                                log: { line in bot.logs.withLock { $0.append(line) } })
        dispatcher.post(PlannerHarness.failure("a.json"))
        for _ in 0..<3000 where !bot.logs.withLock({ $0.contains { $0.contains("too frequent") } }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(bot.logs.withLock { $0 }.first?.contains("sending nothing for \(Int(pause)) s") == true, "\(bot.logs.withLock { $0 })")
        // Before the pause is over nothing goes out, even when asked to finish.
        bot.advance(by: pause - 1)
        dispatcher.post(PlannerHarness.failure("b.json"))
        try await Task.sleep(for: .milliseconds(50))
        #expect(bot.state.withLock { $0.bodies.count } == 1)
        bot.advance(by: 1)
        await dispatcher.finish(grace: .seconds(120))
        let bodies = bot.state.withLock { $0.bodies }
        #expect(bodies.count == 3, "the refused try, the same message again, then the one that waited: \(bodies)")
        #expect(bodies.filter { $0.contains("a.json failed.") }.count == 2)
        #expect(bodies.last?.contains("b.json failed.") == true)
        #expect(bot.logs.withLock { $0 }.count == 1, "no give-up line")
    }
}
