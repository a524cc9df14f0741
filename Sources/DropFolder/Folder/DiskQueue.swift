import Dispatch

/// Runs blocking disk work (reads, fsyncs, renames on a slow share) on Dispatch threads instead of
/// the cooperative pool: with two cores that pool has two threads, and jobs blocked in `fsync` there
/// would stall every other job and every network completion.
enum DiskQueue {
    private static let queue = DispatchQueue(label: "coze-drop.disk", qos: .utility, attributes: .concurrent)

    static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
