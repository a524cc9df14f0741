import Dispatch
import OrderedJSON
import Synchronization

/// Group commit of the phases that must survive a power cut: `sending` before a call goes out,
/// `started` with the run's id, and `settling` once the job's record is written. Entries that
/// arrive at about the same time are written together, as one new batch file (`b….journal`) next
/// to their jobs, and one flush of the file system (`FileSystem.synchronize`) makes the batch — and
/// every record and summary its jobs wrote before it — durable at once. A job's own
/// `<job>.state.json` keeps its other phases; recovery takes, for each job, the latest of its own
/// entry and its batched one (`latest(_:_:)`). A batch file is whole when it appears (written under a temporary name, then
/// renamed: no appends, which a share can refuse), travels with its folder when another agent takes
/// the folder over, and is removed once none of its jobs needs it.
final class JournalBatcher: Sendable {
    static let suffix = ".journal"

    private struct Waiting {
        var entry: JournalEntry
        var files: JobFiles
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
        var counter = 0
        /// Batch files written by this agent, with the jobs (by request path) that still need them.
        var live: [String: Set<String>] = [:]
        /// The batch file holding each job's `sending` entry.
        var batchOf: [String: String] = [:]
    }

    private let fileSystem: any FileSystem
    private let stamp: @Sendable () -> String
    private let state = Mutex(State())
    /// One writer at a time: entries that arrive while a batch is being flushed go in the next one.
    private let queue = DispatchQueue(label: "coze-drop.journal-batch")

    init(fileSystem: any FileSystem, stamp: @escaping @Sendable () -> String) {
        self.fileSystem = fileSystem
        self.stamp = stamp
    }

    /// Returns once `entry` is durably on disk in a batch file next to the job (or in the job's own
    /// journal when no other entry came at the same time), with everything the job wrote before it.
    func write(_ entry: JournalEntry, of files: JobFiles) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startsWriter = state.withLock { state in
                state.waiting.append(Waiting(entry: entry, files: files, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startsWriter { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch = state.withLock { state -> [Waiting]? in
                guard !state.waiting.isEmpty else {
                    state.writing = false
                    return nil
                }
                defer { state.waiting.removeAll() }
                return state.waiting
            }
            guard let batch else { return }
            var folders: [String: [Waiting]] = [:]
            for item in batch { folders[item.files.folder, default: []].append(item) }
            for (folder, items) in folders {
                if items.count == 1, let item = items.first {
                    // Alone: the job's own journal, as without batching (it is rewritten later, not removed).
                    do {
                        try JobJournal.write(item.entry, of: item.files, to: fileSystem)
                        try fileSystem.synchronize(folder)
                    } catch {
                        item.continuation.resume(throwing: error)
                        continue
                    }
                    let emptied = state.withLock { state -> String? in
                        guard let previous = state.batchOf.removeValue(forKey: item.files.request) else { return nil }
                        return Self.drop(item.files.request, from: previous, in: &state)
                    }
                    if let emptied { try? fileSystem.removeFile(emptied) }
                    item.continuation.resume()
                    continue
                }
                let name = state.withLock { state -> String in
                    state.counter += 1
                    return "b\(stamp())-\(state.counter)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))\(Self.suffix)"
                }
                let path = "\(folder)/\(name)"
                do {
                    try fileSystem.replaceFile(Self.bytes(of: items.map(\.entry)), at: path, durable: false)
                    try fileSystem.synchronize(folder)
                } catch {
                    for item in items { item.continuation.resume(throwing: error) }
                    continue
                }
                state.withLock { state in
                    state.live[path] = Set(items.map(\.files.request))
                    for item in items {
                        if let previous = state.batchOf[item.files.request] { Self.drop(item.files.request, from: previous, in: &state) }
                        state.batchOf[item.files.request] = path
                    }
                }
                for item in items { item.continuation.resume() }
            }
        }
    }

    /// Keeps track of a batch file written by the caller (the claims planned by one scan).
    func track(_ path: String, jobs: [JobFiles]) {
        state.withLock { state in
            state.live[path] = Set(jobs.map(\.request))
            for files in jobs { state.batchOf[files.request] = path }
        }
    }

    /// The job no longer needs its batched entry (its own journal has moved on, or it is settled);
    /// a batch file no job needs any more is removed.
    func release(_ files: JobFiles) {
        let emptied = state.withLock { state -> String? in
            guard let path = state.batchOf.removeValue(forKey: files.request) else { return nil }
            return Self.drop(files.request, from: path, in: &state)
        }
        if let emptied { try? fileSystem.removeFile(emptied) }
    }

    /// Whether this agent still keeps track of the batch file at `path`.
    func isLive(_ path: String) -> Bool {
        state.withLock { $0.live[path] != nil }
    }

    @discardableResult
    private static func drop(_ job: String, from path: String, in state: inout State) -> String? {
        state.live[path]?.remove(job)
        guard state.live[path]?.isEmpty == true else { return nil }
        state.live[path] = nil
        return path
    }

    /// A batch file's contents: `{"entries": [<journal entry>, …]}`.
    static func bytes(of entries: [JournalEntry]) -> [UInt8] {
        JSONWriter(prettyPrinted: false).bytes(from: .object(["entries": .array(entries.map(\.json))]))
    }

    static func isBatch(_ name: String) -> Bool { name.hasSuffix(suffix) && !name.hasPrefix(".") }

    /// The entries of one batch file (none when it cannot be read).
    static func read(_ path: String, from fileSystem: any FileSystem) -> [JournalEntry]? {
        guard let bytes = try? fileSystem.readFile(path, limit: 64 * 1024 * 1024),
              let json = try? JSONParser().parse(bytes: bytes), let entries = json["entries"]?.arrayValue else { return nil }
        return entries.compactMap(JournalEntry.init(json:))
    }

    /// The batched entry of each job among the batch files named in `names`, in `folder`.
    static func entries(in folder: String, names: [String], from fileSystem: any FileSystem) -> [String: JournalEntry] {
        var found: [String: JournalEntry] = [:]
        for name in names where isBatch(name) {
            for entry in read("\(folder)/\(name)", from: fileSystem) ?? [] {
                found[entry.jobID] = latest(found[entry.jobID], entry)
            }
        }
        return found
    }

    /// Of a job's own journal entry and its batched one, the one written last: phases only move on.
    static func latest(_ own: JournalEntry?, _ batched: JournalEntry?) -> JournalEntry? {
        guard let batched else { return own }
        guard let own else { return batched }
        return rank(batched.phase) > rank(own.phase) ? batched : own
    }

    private static func rank(_ phase: JournalEntry.Phase) -> Int {
        switch phase {
        case .claiming: 0
        case .sending: 1
        case .started: 2
        case .settling: 3
        }
    }
}
