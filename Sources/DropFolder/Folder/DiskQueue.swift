import Dispatch

/// Runs blocking disk work (reads, fsyncs, renames on a slow share) on Dispatch threads instead of
/// the cooperative pool: with two cores that pool has two threads, and jobs blocked in `fsync` there
/// would stall every other job and every network completion. At most `limit` run at once: on a
/// share that stalls, blocked work would otherwise pile up one Dispatch thread each.
enum DiskQueue {
    static let limit = 32
    private static let queue = DispatchQueue(label: "coze-drop.disk", qos: .utility, attributes: .concurrent)
    static let slots = DiskSlots(limit)

    static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await slots.acquire()
        let value = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
        await slots.release()
        return value
    }

    static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        await slots.acquire()
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { try work() }) }
        }
        await slots.release()
        return try result.get()
    }
}

/// A counting gate for async callers: `acquire` waits, without holding a thread, until a slot is free.
actor DiskSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    /// Callers waiting for a slot now (for tests).
    var waiting: Int { waiters.count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
