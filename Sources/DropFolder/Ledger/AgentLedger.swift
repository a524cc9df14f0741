import Foundation
import Ledger
import Synchronization
import WorkflowJobs

/// This agent's part of the ledger: appends one line per finished job to its own
/// `ledger/YYYY-MM.<agent>.csv` (no other agent writes that file, so appends never meet on a
/// share), says whether a job's line is written already (by any agent: a job taken over from a dead
/// agent may have its line in that agent's file), and adds up a Beijing day's tokens for the budget.
///
/// Exactly once: the line goes out after the job's files have moved and before its journal goes, so
/// a crash before the line leaves the journal, and the restart that finishes the filing writes the
/// line unless `isWritten` finds it (a line cut short by the crash does not count, see `LedgerReader`).
final class AgentLedger: Sendable {
    let folder: String
    let agent: String
    let fileSystem: any FileSystem
    let events: any EventSink

    /// One other agent's file as last read: its size then, its jobs and its tokens by day and folder.
    struct ReadFile {
        var size: Int64
        var jobs: Set<String>
        var tokens: [String: [String: Int]]
    }

    struct State {
        /// This process's files that have their header.
        var started: Set<String> = []
        /// Jobs whose line this process wrote: the latest `rememberedJobs` (a job's filing and a
        /// recovery pass finishing it meet within seconds, not after a hundred thousand other jobs).
        var jobs: Set<String> = []
        var jobOrder: [String] = []
        /// Tokens of this process's lines, by Beijing day (`2026-11-30`) and folder.
        var tokens: [String: [String: Int]] = [:]
        /// Lines that could not be written yet (the ledger's folder unreachable): tried again.
        var unwritten: [LedgerLine] = []
        /// Other files, by name.
        var read: [String: ReadFile] = [:]
        /// The console was told that lines wait (once, until one is written again).
        var saidUnwritable = false
    }

    let state = Mutex(State())
    /// How many of its own jobs' lines this process remembers without reading its file.
    static let rememberedJobs = 100_000

    init(root: String, agent: String, fileSystem: any FileSystem, events: any EventSink) {
        self.folder = "\(root)/\(LedgerFile.folderName)"
        self.agent = agent
        self.fileSystem = fileSystem
        self.events = events
    }

    /// Whose files are looked at before a line is written.
    enum Check {
        /// Only what this process wrote (no file is read): a job filed by this agent's own hands,
        /// which a recovery pass running at the same time may also be finishing.
        case thisAgent
        /// Every agent's file of the line's month too: a filing a restart or a take-over finishes.
        case everyAgent
    }

    /// Writes `line` unless its job has one (as far as `check` looks); the look and the write are one
    /// step, so two tasks finishing the same job write one line. A line that cannot be written is
    /// kept and tried again.
    func write(_ line: LedgerLine, unlessWrittenBy check: Check) {
        state.withLock { state in
            if let job = line.job, has(job, month: LedgerFile.month(of: line.time), check, &state) { return }
            if !append(line, &state) {
                state.unwritten.append(line)
            }
        }
    }

    private func has(_ job: String, month: String, _ check: Check, _ state: inout State) -> Bool {
        if state.jobs.contains(job) || state.unwritten.contains(where: { $0.job == job }) { return true }
        guard check == .everyAgent else { return false }
        refresh(month: month, &state)
        return state.read.values.contains { $0.jobs.contains(job) }
    }

    /// Tries again the lines that could not be written; returns how many still wait.
    @discardableResult
    func writeUnwritten() -> Int {
        state.withLock { state in
            let waiting = state.unwritten
            state.unwritten = []
            for (index, line) in waiting.enumerated() where !append(line, &state) {
                state.unwritten += waiting[index...]
                break
            }
            return state.unwritten.count
        }
    }

    /// Whether any agent's ledger file of `month` has a line for `job`.
    func isWritten(job: String, month: String) -> Bool {
        state.withLock { has(job, month: month, .everyAgent, &$0) }
    }

    /// The tokens of a Beijing day (`2026-11-30`) in every agent's ledger: in all and by folder
    /// (`""` for the inbox itself).
    /// Without `refreshingOthers`, other agents' files count as last read (reading them costs a
    /// look at each, and more when they grew).
    func tokens(onDay day: String, refreshingOthers: Bool = true) -> (total: Int, byFolder: [String: Int]) {
        state.withLock { state in
            if refreshingOthers { refresh(month: String(day.prefix(7)), &state) }
            var byFolder = state.tokens[day] ?? [:]
            for file in state.read.values {
                for (folder, tokens) in file.tokens[day] ?? [:] { byFolder[folder, default: 0] += tokens }
            }
            for line in state.unwritten where Self.day(of: line.time) == day {
                byFolder[line.folder, default: 0] += line.totalTokens ?? 0
            }
            return (byFolder.values.reduce(0, +), byFolder)
        }
    }

    static func day(of time: Date) -> String {
        String(BeijingTime.iso8601(time).prefix(10))
    }

    private func path(of line: LedgerLine) -> String {
        "\(folder)/\(LedgerFile.month(of: line.time)).\(agent).csv"
    }

    private func append(_ line: LedgerLine, _ state: inout State) -> Bool {
        let path = path(of: line)
        do throws(FileSystemError) {
            var starting = false
            if !state.started.contains(path) {
                try? fileSystem.createDirectory(folder)
                starting = (try fileSystem.attributes(of: path))?.size ?? 0 == 0
            }
            try fileSystem.append(line.csv(startingFile: starting), to: path)
            state.started.insert(path)
        } catch {
            if !state.saidUnwritable {
                state.saidUnwritable = true
                events.record(.problem("cannot add to the ledger \(path) (\(error.reason)); its lines are kept and written as soon as possible"))
            }
            return false
        }
        state.saidUnwritable = false
        if let job = line.job, state.jobs.insert(job).inserted {
            state.jobOrder.append(job)
            if state.jobOrder.count > Self.rememberedJobs * 2 {
                // Forget the older half at once, so the array is trimmed rarely.
                for old in state.jobOrder.prefix(Self.rememberedJobs) { state.jobs.remove(old) }
                state.jobOrder.removeFirst(Self.rememberedJobs)
            }
        }
        state.tokens[Self.day(of: line.time), default: [:]][line.folder, default: 0] += line.totalTokens ?? 0
        return true
    }

    /// Reads again the other files of `month` whose size changed since they were last read.
    private func refresh(month: String, _ state: inout State) {
        guard let names = try? fileSystem.namesInDirectory(folder) else { return }
        let own = "\(month).\(agent).csv"
        for name in names where name != own && LedgerFile.month(ofFileNamed: name) == month {
            let path = "\(folder)/\(name)"
            guard let size = (try? fileSystem.attributes(of: path))??.size, state.read[name]?.size != size,
                  let bytes = try? fileSystem.readFile(path, limit: 1 << 30) else { continue }
            let contents = LedgerReader.contents(of: bytes, fileName: name, place: "\(LedgerFile.folderName)/\(name)")
            var file = ReadFile(size: Int64(bytes.count), jobs: [], tokens: [:])
            for line in contents.lines {
                if let job = line.job { file.jobs.insert(job) }
                file.tokens[Self.day(of: line.time), default: [:]][line.folder, default: 0] += line.totalTokens ?? 0
            }
            state.read[name] = file
        }
    }
}
