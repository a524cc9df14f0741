/// Keys ordered by when they are due (a binary min-heap): the agent's one timer for all waiting
/// async runs asks it for the earliest due time and takes out whatever is due.
struct DueQueue: Sendable {
    private var heap: [(due: Duration, key: String)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The earliest due time.
    var next: Duration? { heap.first?.due }

    mutating func insert(_ key: String, due: Duration) {
        heap.append((due, key))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every key due at or before `now`, earliest first.
    mutating func takeDue(at now: Duration) -> [String] {
        var due: [String] = []
        while let first = heap.first, first.due <= now {
            due.append(first.key)
            removeFirst()
        }
        return due
    }

    mutating func removeAll() { heap.removeAll() }

    private mutating func removeFirst() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
