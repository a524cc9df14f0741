/// What to do with a job found in `processing/` at start-up or when adopting a dead agent's
/// folder. A pure decision: nothing that might have reached Coze is sent again unless asked.
public enum RecoveryPlan {
    public enum Action: Sendable, Equatable {
        /// Nothing was sent: run it.
        case run
        /// An async run is known by its id: poll it, never start it again.
        case resumePolling(executeID: String)
        /// A call may or may not have reached Coze: settle as `interrupted`.
        case reportInterrupted
        /// The result is written: finish moving it.
        case finishSettling
        /// Only a stale journal is left (a claim that never happened, or files already moved).
        case discardJournal
    }

    public static func decide(journal: JournalEntry?, hasRequest: Bool, hasRecord: Bool, resendInterrupted: Bool) -> Action {
        if hasRecord || journal?.phase == .settling {
            return hasRequest || hasRecord ? .finishSettling : .discardJournal
        }
        guard hasRequest else { return .discardJournal }
        guard let journal else { return .run }
        switch journal.phase {
        case .claiming:
            return .run
        case .started:
            if let executeID = journal.executeID { return .resumePolling(executeID: executeID) }
            return resendInterrupted ? .run : .reportInterrupted
        case .sending:
            return resendInterrupted ? .run : .reportInterrupted
        case .settling:
            return .finishSettling
        }
    }
}
