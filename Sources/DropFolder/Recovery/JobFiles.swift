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

    static let journalSuffix = ".state.json"
    static let recordSuffix = ".response.json"

    /// The job ids present in a folder's listing, from any of their files.
    static func jobIDs(in names: [String]) -> [String] {
        var ids = Set<String>()
        for name in names where !name.hasPrefix(".") {
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
