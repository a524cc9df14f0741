import CozeAPI
import Foundation
import Synchronization

/// A transport that answers from a script and remembers what was sent.
public final class ScriptedTransport: Sendable {
    public enum Answer: Sendable {
        case json(Int, String, headers: [String: String] = [:])
        case failure(TransportError)
    }

    private let state: Mutex<(answers: [Answer], sent: [HTTPRequest])>

    public init(_ answers: [Answer]) {
        state = Mutex((answers, []))
    }

    public var sent: [HTTPRequest] { state.withLock { $0.sent } }

    public var transport: HTTPTransport {
        { [self] request in
            let answer = state.withLock { state -> Answer? in
                state.sent.append(request)
                return state.answers.isEmpty ? nil : state.answers.removeFirst()
            }
            switch answer {
            case .json(let status, let body, let headers)?:
                return HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
            case .failure(let error)?:
                throw error
            case nil:
                throw TransportError(kind: .cannotConnect, detail: "script exhausted")
            }
        }
    }
}
