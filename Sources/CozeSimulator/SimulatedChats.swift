import OrderedJSON

/// The simulator's chatflow conversations, kept across calls so a conversation can be continued,
/// and the counter its conversation, chat and message ids come from.
struct SimulatedChats {
    struct Conversation {
        /// The behaviour of the call that asked the pending question.
        var behaviour: SimulatedBehaviour?
        /// Questions asked in the current chat, the pending one included.
        var asked = 0
        /// A question waits for the next call's message.
        var waiting = false
        /// The answers given to this chat's questions so far.
        var answers: [String] = []
    }

    var conversations: [String: Conversation] = [:]
    var nextID: UInt64 = 7_559_860_092_473_800_000

    mutating func makeID() -> String {
        nextID += 1
        return String(nextID)
    }
}
