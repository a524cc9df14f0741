import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Routes a streaming session's delegate callbacks to the call waiting for each task: the head
/// (status and headers) to one continuation, body chunks into an `AsyncThrowingStream` as they
/// arrive. FoundationNetworking has no `bytes(for:)` on Linux; this is the way it offers.
///
/// `@unchecked Sendable`: an `NSObject` subclass cannot be checked, and all its state is behind the Mutex.
final class StreamingDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Head: Sendable {
        var status: Int
        var headers: [String: String]
    }

    private struct Call {
        var head: CheckedContinuation<Head, any Error>?
        var body: AsyncThrowingStream<Data, any Error>.Continuation
        var ended: @Sendable (_ healthy: Bool) -> Void
    }

    /// By task object: task identifiers repeat across the sessions that share this delegate.
    private let calls = Mutex<[ObjectIdentifier: Call]>([:])

    /// Starts `task`, answering `head` once its headers are in and feeding `body` after that;
    /// `ended` is called once the task has finished, well or not.
    func start(_ task: URLSessionDataTask, head: CheckedContinuation<Head, any Error>,
               body: AsyncThrowingStream<Data, any Error>.Continuation, ended: @escaping @Sendable (_ healthy: Bool) -> Void) {
        calls.withLock { $0[ObjectIdentifier(task)] = Call(head: head, body: body, ended: ended) }
        task.resume()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let waiting = calls.withLock { calls -> CheckedContinuation<Head, any Error>? in
            defer { calls[ObjectIdentifier(dataTask)]?.head = nil }
            return calls[ObjectIdentifier(dataTask)]?.head
        }
        var headers: [String: String] = [:]
        let http = response as? HTTPURLResponse
        for (key, value) in http?.allHeaderFields ?? [:] {
            if let name = key as? String, let text = value as? String { headers[name] = text }
        }
        waiting?.resume(returning: Head(status: http?.statusCode ?? 0, headers: headers))
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        _ = calls.withLock { $0[ObjectIdentifier(dataTask)] }?.body.yield(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let call = calls.withLock({ $0.removeValue(forKey: ObjectIdentifier(task)) }) else { return }
        let failure: (any Error)? = error.map { error in
            (error as? URLError).map(URLSessionTransport.classify) ?? TransportError(kind: .connectionLost, detail: error.localizedDescription)
        }
        if let head = call.head {
            head.resume(throwing: failure ?? TransportError(kind: .connectionLost, detail: "the answer had no headers"))
        }
        if let failure { call.body.finish(throwing: failure) } else { call.body.finish() }
        call.ended(error == nil)
    }
}
