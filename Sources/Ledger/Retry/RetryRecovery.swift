/// What a `retry` cut off halfway (a crash, a kill, a full disk) left behind, and how the next
/// `retry` finishes it: pure, from the folders' listings. Every file `retry` is busy with carries a
/// hidden name, which neither the agent nor `retry` itself takes for a job:
///
/// - `inbox/[NAME/].retry-new-R`: the request `R` written anew with `retry_of` (a copy; the
///   original is still in the failed folder, or under the marker below).
/// - `failed/[NAME/].retry-R`: the original of `R`, set aside once its copy is complete: from then on
///   the retry counts as done. With the copy still in the inbox, the next run finishes it (the copy
///   and its files go under their names); without, only the marker is left to remove.
/// - `inbox/[NAME/].retry-X`: a file moved out of the failed folder (an attached file, or a dropped
///   photo that is its own request) on its way to its name; without a marker it goes back.
/// - `outbox/NAME/.retry-T.failed.csv`: a batch's `.failed.csv` as it was, while the rows still to
///   retry are written in its place; with the new table (`inbox/NAME/.retry-new-T.failed.csv`) not yet
///   out, both go back as they were.
///
/// So a request is never in both places or in neither once a run of `retry` has ended, and a run cut
/// off loses nothing: the next one finishes or undoes it.
public struct RetryRecovery: Sendable, Equatable {
    /// A request written anew in the inbox, not yet under its name.
    public static let copyPrefix = ".retry-new-"
    /// A file moved out of the failed folder, and the marker of a request whose copy is complete.
    public static let movePrefix = ".retry-"

    public enum Step: Sendable, Equatable {
        /// Rename, never replacing.
        case move(from: String, to: String)
        case remove(String)
    }

    /// The steps, in order; paths relative to the root.
    public var steps: [Step]
    /// Whether a request went out (as opposed to back) in this recovery: for the message.
    public var finished: [String]
    public var undone: [String]

    /// The recovery of one workflow folder (`""` for the inbox itself), given the names in its inbox,
    /// failed and outbox folders.
    public init(folder: String, inboxNames: Set<String>, failedNames: Set<String>, outboxNames: Set<String> = []) {
        let inbox = folder.isEmpty ? "inbox" : "inbox/\(folder)"
        let failed = folder.isEmpty ? "failed" : "failed/\(folder)"
        let outbox = folder.isEmpty ? "outbox" : "outbox/\(folder)"
        var steps: [Step] = []
        var finished: [String] = []
        var undone: [String] = []
        var taken = inboxNames.filter { !$0.hasPrefix(".") }
        var handled: Set<String> = []
        for copy in inboxNames.sorted() where copy.hasPrefix(Self.copyPrefix) {
            let name = String(copy.dropFirst(Self.copyPrefix.count))
            handled.insert(copy)
            if failedNames.contains(Self.movePrefix + name) {
                // The copy was complete and the original set aside: the retry goes out.
                let stem = RetryPlan.stem(name)
                for moved in inboxNames.sorted() where moved.hasPrefix("\(Self.movePrefix)\(stem).") && !moved.hasPrefix(Self.copyPrefix) {
                    handled.insert(moved)
                    let file = String(moved.dropFirst("\(Self.movePrefix)\(stem).".count))
                    if taken.insert(file).inserted {
                        steps.append(.move(from: "\(inbox)/\(moved)", to: "\(inbox)/\(file)"))
                    } else {
                        steps.append(.move(from: "\(inbox)/\(moved)", to: "\(failed)/\(String(moved.dropFirst(Self.movePrefix.count)))"))
                    }
                }
                let fresh = RetryPlan.freshName(for: name, taken: taken)
                taken.insert(fresh)
                steps.append(.move(from: "\(inbox)/\(copy)", to: "\(inbox)/\(fresh)"))
                steps.append(.remove("\(failed)/\(Self.movePrefix)\(name)"))
                finished.append("\(failed)/\(name) → \(inbox)/\(fresh)")
            } else if outboxNames.contains(Self.movePrefix + name) {
                // A batch's new table that never went out: the .failed.csv goes back as it was.
                if outboxNames.contains(name) { steps.append(.remove("\(outbox)/\(name)")) }
                steps.append(.move(from: "\(outbox)/\(Self.movePrefix)\(name)", to: "\(outbox)/\(name)"))
                steps.append(.remove("\(inbox)/\(copy)"))
                undone.append("\(outbox)/\(name)")
            } else {
                // The original never left the failed folder: the copy goes.
                steps.append(.remove("\(inbox)/\(copy)"))
                undone.append("\(failed)/\(name)")
            }
        }
        for moved in inboxNames.sorted() where moved.hasPrefix(Self.movePrefix) && !handled.contains(moved) {
            let name = String(moved.dropFirst(Self.movePrefix.count))
            steps.append(.move(from: "\(inbox)/\(moved)", to: "\(failed)/\(name)"))
            undone.append("\(failed)/\(name)")
        }
        for marker in failedNames.sorted() where marker.hasPrefix(Self.movePrefix) && !marker.hasPrefix(Self.copyPrefix) {
            let name = String(marker.dropFirst(Self.movePrefix.count))
            if !inboxNames.contains(Self.copyPrefix + name) { steps.append(.remove("\(failed)/\(marker)")) }
        }
        for backup in outboxNames.sorted() where backup.hasPrefix(Self.movePrefix) && backup.hasSuffix(".failed.csv") {
            let name = String(backup.dropFirst(Self.movePrefix.count))
            // The new table went out: the rows left are in the .failed.csv already.
            if !inboxNames.contains(Self.copyPrefix + name) { steps.append(.remove("\(outbox)/\(backup)")) }
        }
        self.steps = steps
        self.finished = finished
        self.undone = undone
    }
}
