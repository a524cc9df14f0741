import CozeAPI
import Foundation
import Notifications
import Synchronization
import Testing

/// The dispatcher with a recording transport: nothing leaves the process, nothing sleeps in the test.
struct NotificationDispatcherTests {
    final class Recorder: Sendable {
        let bodies = Mutex<[String]>([])
        var transport: HTTPTransport {
            { request in
                self.bodies.withLock { $0.append(String(decoding: request.body ?? Data(), as: UTF8.self)) }
                return HTTPResponse(status: 200, body: Data(Array(#"{"code":0}"#.utf8)))
            }
        }
    }

    @Test func postReturnsAtOnceAndFinishSendsWhatWaitsThenIgnoresLatePosts() async {
        let recorder = Recorder()
        let logs = Mutex<[String]>([])
        let dispatcher = NotificationDispatcher(targets: [PlannerHarness.target(.webhook)], transport: recorder.transport,
                                                log: { line in logs.withLock { $0.append(line) } })
        dispatcher.post(PlannerHarness.failure("a.json"))
        dispatcher.post(PlannerHarness.failure("b.json"))
        // A long grace: finish returns as soon as nothing waits, and a busy machine may be slow to run the sends.
        await dispatcher.finish(grace: .seconds(120))
        let bodies = recorder.bodies.withLock { $0 }
        #expect(bodies.count == 2)
        #expect(bodies.filter { $0.contains("a.json failed.") }.count == 1)
        #expect(bodies.filter { $0.contains("b.json failed.") }.count == 1)
        dispatcher.post(PlannerHarness.failure("late.json"))
        #expect(recorder.bodies.withLock { $0 }.count == 2)
        #expect(logs.withLock { $0 }.isEmpty)
    }
}
