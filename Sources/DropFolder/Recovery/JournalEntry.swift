import OrderedJSON

/// What one claimed job has done so far, kept next to it in `processing/` as `<job>.state.json`
/// and rewritten durably at each step, so a restarted agent knows where the job stood.
public struct JournalEntry: Sendable, Equatable {
    public enum Phase: String, Sendable {
        /// Written before the claim; with the request present it means claimed, nothing sent.
        case claiming
        /// A run call may be on its way to Coze; whether it arrived is unknown until it answers.
        case sending
        /// An async run was started; its `executeID` is known.
        case started
        /// The result record is written; the files are being moved to `destination`.
        case settling
    }

    public var jobID: String
    /// The name the request was dropped under; results are named after it.
    public var name: String
    /// Changed only by `move(to:)`, which refuses a move the phases do not allow.
    public private(set) var phase: Phase
    public var executeID: String?
    /// The body of the async start call, kept so a resumed job's record still shows it.
    public var startResponse: JSONValue?
    /// `outbox` or `failed`, once settling.
    public var destination: String?
    /// The name (without `.json`) chosen in `destination`, once settling.
    public var settledStem: String?
    /// Files the request named as inputs: moved next to the job, then uploaded once.
    public var attachments: [Attachment] = []
    /// The workflow folder (`inbox/<folder>/`) the file was dropped into; `nil` for the inbox itself.
    /// Its results go to `outbox/<folder>/` or `failed/<folder>/`.
    public var folder: String?
    /// For a row of a batch (a table dropped into a workflow folder): the table's job id, and the
    /// row's index in the table (0-based).
    public var batch: String?
    public var row: Int?

    /// One input file of the job.
    public struct Attachment: Sendable, Equatable {
        /// Its name in the inbox, as the request wrote it.
        public var name: String
        public var bytes: Int?
        /// Coze's id for it, once uploaded.
        public var fileID: String?
        /// Where the server keeps it (Coze Studio's workflows take this instead of the id).
        public var url: String?

        public init(name: String, bytes: Int? = nil, fileID: String? = nil, url: String? = nil) {
            self.name = name
            self.bytes = bytes
            self.fileID = fileID
            self.url = url
        }
    }

    /// A move between phases that would lose what the journal is for (e.g. an execute id without
    /// `sending` before it: a restart could not tell that a call went out).
    public struct IllegalMove: Error, Sendable, Equatable, CustomStringConvertible {
        public var from: Phase
        public var to: Phase
        public var description: String { "a job's journal cannot go from \(from.rawValue) to \(to.rawValue)" }
    }

    /// Moves to `next` when the phases allow it.
    public mutating func move(to next: Phase) throws(IllegalMove) {
        guard phase.allows(next) else { throw IllegalMove(from: phase, to: next) }
        phase = next
    }

    public init(jobID: String, name: String, phase: Phase) {
        self.jobID = jobID
        self.name = name
        self.phase = phase
    }

    public var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var members = JSONValue.object([
            "job": .string(jobID),
            "name": .string(name),
            "phase": .string(phase.rawValue),
            "execute_id": text(executeID),
            "start_response": startResponse ?? .null,
            "destination": text(destination),
            "settled_stem": text(settledStem),
            "attachments": .array(attachments.map { attachment in
                .object([
                    "name": .string(attachment.name),
                    "bytes": attachment.bytes.map(JSONValue.integer) ?? .null,
                    "file_id": text(attachment.fileID),
                    "url": text(attachment.url),
                ])
            }),
        ]).objectMembers ?? []
        if let folder { members.append(JSONMember(key: "folder", value: .string(folder))) }
        if let batch { members.append(JSONMember(key: "batch", value: .string(batch))) }
        if let row { members.append(JSONMember(key: "row", value: .integer(row))) }
        return .object(members)
    }

    public init?(json: JSONValue) {
        guard let jobID = json["job"]?.stringValue, let name = json["name"]?.stringValue,
              let phaseText = json["phase"]?.stringValue, let phase = Phase(rawValue: phaseText) else { return nil }
        self.init(jobID: jobID, name: name, phase: phase)
        executeID = json["execute_id"]?.stringValue
        startResponse = json["start_response"].flatMap { $0.isNull ? nil : $0 }
        destination = json["destination"]?.stringValue
        settledStem = json["settled_stem"]?.stringValue
        folder = json["folder"]?.stringValue
        batch = json["batch"]?.stringValue
        row = json["row"]?.integerValue
        attachments = (json["attachments"]?.arrayValue ?? []).compactMap { item in
            item["name"]?.stringValue.map { Attachment(name: $0, bytes: item["bytes"]?.integerValue, fileID: item["file_id"]?.stringValue,
                                                    url: item["url"]?.stringValue) }
        }
    }
}

extension JournalEntry.Phase {
    /// The moves a job may make: every call to Coze is preceded by `sending`, an execute id is only
    /// ever learnt from a call that was sent, and a job being filed never goes back to running.
    public func allows(_ next: Self) -> Bool {
        switch (self, next) {
        case (.claiming, .sending), (.claiming, .settling): true
        case (.sending, .sending), (.sending, .started), (.sending, .settling): true
        // An answer to a question is sent again (resume) from a started run.
        case (.started, .sending), (.started, .settling): true
        // Choosing other names after a clash.
        case (.settling, .settling): true
        default: false
        }
    }
}
