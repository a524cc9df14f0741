import Foundation
import OrderedJSON

extension FiledFolder {
    /// A folder as listed, with each job's age from its record: the record's `finished_at`
    /// (Beijing time, as the agent writes it), else the record file's modification time.
    ///
    /// - Parameters:
    ///   - records: each record's bytes by stem (a record that could not be read is left out).
    ///   - modified: each record file's modification time by stem.
    public init(path: String, names: [String], records: [String: [UInt8]], modified: [String: Date]) {
        var finishedAt: [String: Date] = [:]
        let listed = FiledFolder(path: path, names: names, finishedAt: [:])
        for stem in listed.stems {
            let json = records[stem].flatMap { try? JSONParser().parse(bytes: $0) }
            if let text = json?["finished_at"]?.stringValue, let date = LedgerLine.date(beijing: text) {
                finishedAt[stem] = date
            } else if let date = modified[stem] {
                finishedAt[stem] = date
            }
        }
        self.init(path: path, names: names, finishedAt: finishedAt)
    }
}
