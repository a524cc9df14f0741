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
    public var phase: Phase
    public var executeID: String?
    /// The body of the async start call, kept so a resumed job's record still shows it.
    public var startResponse: JSONValue?
    /// `outbox` or `failed`, once settling.
    public var destination: String?
    /// The name (without `.json`) chosen in `destination`, once settling.
    public var settledStem: String?

    public init(jobID: String, name: String, phase: Phase) {
        self.jobID = jobID
        self.name = name
        self.phase = phase
    }

    public var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            "job": .string(jobID),
            "name": .string(name),
            "phase": .string(phase.rawValue),
            "execute_id": text(executeID),
            "start_response": startResponse ?? .null,
            "destination": text(destination),
            "settled_stem": text(settledStem),
        ])
    }

    public init?(json: JSONValue) {
        guard let jobID = json["job"]?.stringValue, let name = json["name"]?.stringValue,
              let phaseText = json["phase"]?.stringValue, let phase = Phase(rawValue: phaseText) else { return nil }
        self.init(jobID: jobID, name: name, phase: phase)
        executeID = json["execute_id"]?.stringValue
        startResponse = json["start_response"].flatMap { $0.isNull ? nil : $0 }
        destination = json["destination"]?.stringValue
        settledStem = json["settled_stem"]?.stringValue
    }
}
