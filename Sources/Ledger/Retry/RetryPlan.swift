import Foundation

/// Which failed requests go back into their inbox, under which names, and which are refused and
/// why: pure. `retry` carries it out, each file by a dot-temporary name and a never-replacing rename.
public struct RetryPlan: Sendable, Equatable {
    /// What the person asked for.
    public struct Selection: Sendable, Equatable {
        /// Request names or stems (`a.json`, `a`); empty with `all` for every job.
        public var names: [String]
        public var all: Bool
        /// Only these error kinds (`network`, `timeout`…); nil for any.
        public var kinds: Set<String>?
        /// Only jobs finished at or after this.
        public var since: Date?
        /// Only this workflow folder (`""` for the inbox itself); nil for all.
        public var folder: String?
        /// Retry `interrupted` runs too (they may have run).
        public var force: Bool

        public init(names: [String] = [], all: Bool = false, kinds: Set<String>? = nil, since: Date? = nil, folder: String? = nil, force: Bool = false) {
            self.names = names
            self.all = all
            self.kinds = kinds
            self.since = since
            self.folder = folder
            self.force = force
        }
    }

    /// One file's way back: from the failed folder to a dot-temporary name in the inbox, then to its name.
    public struct FileMove: Sendable, Equatable {
        public var from: String
        public var temporary: String
        public var to: String

        public init(from: String, temporary: String, to: String) {
            self.from = from
            self.temporary = temporary
            self.to = to
        }
    }

    /// One request going back: its attached files first (under the names the request uses), then
    /// the request itself, so the agent never sees the request before its files.
    public struct Item: Sendable, Equatable {
        public var job: FailedJob
        public var attachments: [FileMove]
        public var request: FileMove
        /// The record of the earlier attempt, which stays in the failed folder.
        public var retryOf: String
        /// A JSON request is written anew (with `retry_of`, in UTF-8) to `request.temporary`, and its
        /// original is renamed to this hidden name in the failed folder before it goes out; `nil` for a
        /// dropped file (a photo), which is moved as it is.
        public var marker: String?

        /// Every move in the order to do them.
        public var moves: [FileMove] { attachments + [request] }
    }

    /// Why a chosen job is not retried.
    public enum Reason: Sendable, Equatable {
        /// The run was cut off and may have run on Coze: only with `--force`.
        case interrupted
        /// An attached file is no longer in the failed folder.
        case attachmentMissing(String)
        /// The inbox already holds a different file under a name the request uses for an attached file.
        case attachmentNameTaken(String)
        /// The request itself is no longer in the failed folder (already retried, or moved by hand).
        case requestMissing
        /// An answer file continues a run that asked a question; it is not a request to retry.
        case answerFile
    }

    public struct Refusal: Sendable, Equatable {
        public var job: FailedJob
        public var reason: Reason
    }

    public var items: [Item]
    public var refusals: [Refusal]
    /// Names given on the command line that match no failed job.
    public var unmatched: [String]

    /// The plan for `jobs`, given the names already in each inbox folder (by folder, `""` for the inbox).
    public init(jobs: [FailedJob], inboxNames: [String: Set<String>], selection: Selection) {
        var items: [Item] = []
        var refusals: [Refusal] = []
        var taken = inboxNames
        let wanted = Set(selection.names)
        var matchedNames: Set<String> = []
        for job in jobs {
            let named = Self.aliases(of: job).filter(wanted.contains)
            matchedNames.formUnion(named)
            guard selection.all || !named.isEmpty else { continue }
            if let folder = selection.folder, folder != job.folder { continue }
            if let kinds = selection.kinds, !kinds.contains(job.errorKind ?? job.status) { continue }
            if let since = selection.since, (job.finishedAt ?? .distantPast) < since { continue }
            guard let requestName = job.requestName else {
                if !named.isEmpty { refusals.append(Refusal(job: job, reason: .requestMissing)) }
                continue
            }
            if job.isAnswer {
                if !named.isEmpty { refusals.append(Refusal(job: job, reason: .answerFile)) }
                continue
            }
            if job.errorKind == "interrupted" || job.status == "interrupted", !selection.force {
                refusals.append(Refusal(job: job, reason: .interrupted))
                continue
            }
            var inbox = taken[job.folder] ?? []
            if let missing = job.attachments.first(where: { !job.companionNames.contains("\(job.stem).\($0)") }) {
                refusals.append(Refusal(job: job, reason: .attachmentMissing(missing)))
                continue
            }
            if let clash = job.attachments.first(where: inbox.contains) {
                refusals.append(Refusal(job: job, reason: .attachmentNameTaken(clash)))
                continue
            }
            let attachments = job.attachments.map { name in
                FileMove(from: "\(job.directory)/\(job.stem).\(name)", temporary: "\(job.inbox)/\(RetryRecovery.movePrefix)\(job.stem).\(name)", to: "\(job.inbox)/\(name)")
            }
            inbox.formUnion(job.attachments)
            let fresh = Self.freshName(for: job.sourceFile ?? requestName, taken: inbox)
            inbox.insert(fresh)
            taken[job.folder] = inbox
            let temporary = job.isJSONRequest ? "\(job.inbox)/\(RetryRecovery.copyPrefix)\(requestName)" : "\(job.inbox)/\(RetryRecovery.movePrefix)\(requestName)"
            let request = FileMove(from: "\(job.directory)/\(requestName)", temporary: temporary, to: "\(job.inbox)/\(fresh)")
            items.append(Item(job: job, attachments: attachments, request: request, retryOf: job.recordPath,
                              marker: job.isJSONRequest ? "\(job.directory)/\(RetryRecovery.movePrefix)\(requestName)" : nil))
        }
        // A name that went back needs no word about its earlier, already retried, attempts.
        let retried = Set(items.flatMap { Self.aliases(of: $0.job) }).intersection(wanted)
        self.items = items
        self.refusals = refusals.filter { $0.reason != .requestMissing || Set(Self.aliases(of: $0.job)).isDisjoint(with: retried) }
        unmatched = selection.names.filter { !matchedNames.contains($0) }
    }

    /// The request's own name when the inbox does not have it, else `<stem>_retry.json`, `<stem>_retry2.json`…
    /// (a dropped file keeps its ending: `photo_retry.jpg`).
    static func freshName(for name: String, taken: Set<String>) -> String {
        if !taken.contains(name) { return name }
        let ending = name.lowercased().hasSuffix(".json") ? ".json" : FailedJob.ending(of: name)
        let base = String(name.dropLast(ending.count))
        for attempt in 1... {
            let candidate = attempt == 1 ? "\(base)_retry\(ending)" : "\(base)_retry\(attempt)\(ending)"
            if !taken.contains(candidate) { return candidate }
        }
        return name
    }

    /// The names a person may call a job by: its stem, its request's name, the name it was dropped as.
    static func aliases(of job: FailedJob) -> [String] {
        [job.stem, job.requestName, job.sourceFile, job.sourceFile.map(stem)].compactMap { $0 }
    }

    static func stem(_ name: String) -> String {
        name.lowercased().hasSuffix(".json") ? String(name.dropLast(5)) : name
    }
}
