import OrderedJSON
import Synchronization
import WorkflowJobs

/// Writes one job's journal as the runner goes.
final class JobJournal: JobJournaling {
    private let fileSystem: any FileSystem
    let files: JobFiles
    private let entry: Mutex<JournalEntry>
    /// Where the `sending` phase goes, grouped with other jobs' (its own file otherwise).
    private let batcher: JournalBatcher?

    init(fileSystem: any FileSystem, files: JobFiles, entry: JournalEntry, batcher: JournalBatcher? = nil) {
        self.fileSystem = fileSystem
        self.files = files
        self.entry = Mutex(entry)
        self.batcher = batcher
    }

    var current: JournalEntry { entry.withLock { $0 } }

    func willSend() async throws {
        let updated = try entry.withLock { entry throws(JournalEntry.IllegalMove) -> JournalEntry? in
            guard entry.phase != .sending else { return nil }
            try entry.move(to: .sending)
            return entry
        }
        // Durable: after a power cut the journal must still say a call may be on its way.
        if let updated, let batcher {
            try await batcher.write(updated, of: files)
        } else if let updated {
            try await DiskQueue.run { [fileSystem, files] in try Self.write(updated, of: files, to: fileSystem, durable: true) }
        }
    }

    func started(executeID: String, startResponse: JSONValue?) async {
        let updated = entry.withLock { entry -> JournalEntry? in
            // Only a call journaled as sent gives an execute id; anything else is refused (the journal
            // stays as it is) rather than recorded as a run the journal never said was sent.
            guard (try? entry.move(to: .started)) != nil else { return nil }
            entry.executeID = executeID
            entry.startResponse = startResponse
            return entry
        }
        guard let updated else { return }
        // Should this write fail, a restart reports the run as interrupted instead of polling it: nothing runs twice.
        if let batcher {
            try? await batcher.write(updated, of: files)
        } else {
            await DiskQueue.run { [fileSystem, files] in try? Self.write(updated, of: files, to: fileSystem, durable: true) }
        }
    }

    /// Atomic always; flushed to disk only where a power cut could otherwise make a run start twice
    /// (a lost `claiming` or `settling` entry costs at most the dropped name or the names chosen).
    static func write(_ entry: JournalEntry, of files: JobFiles, to fileSystem: any FileSystem, durable: Bool = false) throws(FileSystemError) {
        try fileSystem.replaceFile(JSONWriter(prettyPrinted: false).bytes(from: entry.json), at: files.journal, durable: durable)
    }

    static func read(_ files: JobFiles, from fileSystem: any FileSystem) -> JournalEntry? {
        guard let bytes = try? fileSystem.readFile(files.journal, limit: 4 * 1024 * 1024),
              let json = try? JSONParser().parse(bytes: bytes) else { return nil }
        return JournalEntry(json: json)
    }
}
