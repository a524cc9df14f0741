import CozeAPI
import Foundation
import Synchronization

/// A transport that answers from a script and remembers what was sent.
public final class ScriptedTransport: Sendable {
    public enum Answer: Sendable {
        case json(Int, String, headers: [String: String] = [:])
        case failure(TransportError)
    }

    private let state: Mutex<(answers: [Answer], polls: [Answer]?, sent: [HTTPRequest])>

    /// Answers every request in turn, whatever it is.
    public init(_ answers: [Answer]) {
        state = Mutex((answers, nil, []))
    }

    /// Answers polls (GET) from `polls` and everything else from `calls`, so a test does not depend
    /// on how polls and runs of different jobs interleave.
    public init(calls: [Answer], polls: [Answer]) {
        state = Mutex((calls, polls, []))
    }

    public var sent: [HTTPRequest] { state.withLock { $0.sent } }

    public var transport: HTTPTransport {
        { [self] request in
            let answer = state.withLock { state -> Answer? in
                state.sent.append(request)
                if request.method == "GET", let polls = state.polls {
                    guard !polls.isEmpty else { return nil }
                    return state.polls?.removeFirst()
                }
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
