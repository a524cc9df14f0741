/// The files of one claimed job inside an agent's folder in `processing/`. Named by a short job
/// id, not by the dropped name, so odd names (255 bytes, new lines) cannot overflow or collide.
public struct JobFiles: Sendable, Equatable {
    public var folder: String
    public var jobID: String

    public init(folder: String, jobID: String) {
        self.folder = folder
        self.jobID = jobID
    }

    /// The request, byte for byte as dropped.
    public var request: String { "\(folder)/\(jobID).json" }
    public var journal: String { "\(folder)/\(jobID).state.json" }
    public var record: String { "\(folder)/\(jobID).response.json" }
    /// A streamed run's text as it arrived.
    public var streamText: String { "\(folder)/\(jobID)\(Self.streamTextSuffix)" }
    /// For a run that asked a question: the answer file to fill in.
    public var answer: String { "\(folder)/\(jobID)\(Self.answerSuffix)" }

    /// Where the job keeps its `index`th input file (no `.json` ending, so it is never taken for a job).
    public func attachment(_ index: Int) -> String { "\(folder)/\(jobID).attachment-\(index)" }

    /// The short human summary of the result.
    public var summary: String { "\(folder)/\(jobID)\(Self.summarySuffix)" }

    /// For a job from a workflow folder whose workflow answered text: just the answer.
    public var outputText: String { "\(folder)/\(jobID)\(Self.outputTextSuffix)" }

    static let streamTextSuffix = ".stream.txt"
    static let outputTextSuffix = ".output.txt"
    static let answerSuffix = ".answer.json"
    static let summarySuffix = ".result.txt"
    /// Files that travel with a job's record, by the suffix they keep in `outbox/` or `failed/`.
    static let companionSuffixes = [streamTextSuffix, answerSuffix, summarySuffix, outputTextSuffix]

    /// The companion files of this job, with their suffixes.
    var companions: [(path: String, suffix: String)] {
        Self.companionSuffixes.map { ("\(folder)/\(jobID)\($0)", $0) }
    }

    static let journalSuffix = ".state.json"
    static let recordSuffix = ".response.json"

    /// The job ids present in a folder's listing, from any of their files.
    static func jobIDs(in names: [String]) -> [String] {
        var ids = Set<String>()
        for name in names where !name.hasPrefix(".") && !companionSuffixes.contains(where: name.hasSuffix) {
            if name.hasSuffix(journalSuffix) {
                ids.insert(String(name.dropLast(journalSuffix.count)))
            } else if name.hasSuffix(recordSuffix) {
                ids.insert(String(name.dropLast(recordSuffix.count)))
            } else if name.hasSuffix(".json") {
                ids.insert(String(name.dropLast(5)))
            }
        }
        return ids.sorted()
    }
}
