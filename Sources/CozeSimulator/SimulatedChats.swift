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

    /// What one call does: its ids, the behaviour it follows, and the question it asks, if any.
    struct Turn {
        var conversationID: String
        var chatID: String
        var sectionID: String
        var messageIDs: [String]
        var behaviour: SimulatedBehaviour
        var question: String?
        /// The answers given to this chat's questions, this call's included.
        var answers: [String]
    }

    var conversations: [String: Conversation] = [:]
    var nextID: UInt64 = 7_559_860_092_473_800_000

    mutating func makeID() -> String {
        nextID += 1
        return String(nextID)
    }

    /// Takes the user's `message` in `conversationID` (a new conversation when `nil`): a new chat, or
    /// the answer to the question the conversation waits on, which follows the asking call's
    /// behaviour unless this call brings its own (`scripted`).
    mutating func take(_ message: String, in conversationID: String?, behaviour given: SimulatedBehaviour, scripted: Bool) -> Turn {
        let conversationID = conversationID ?? makeID()
        var conversation = conversations[conversationID] ?? Conversation()
        var behaviour = given
        if conversation.waiting {
            conversation.answers.append(message)
            if let asked = conversation.behaviour, !scripted { behaviour = asked }
        } else {
            conversation.asked = 0
            conversation.answers = []
        }
        var question: String?
        if let text = behaviour.interrupt, behaviour.failure == nil, conversation.asked < behaviour.questions {
            conversation.asked += 1
            question = conversation.asked == 1 ? text : "\(text) (\(conversation.asked))"
        }
        conversation.waiting = question != nil
        conversation.behaviour = behaviour
        conversations[conversationID] = conversation
        let messageIDs = (0..<2).map { _ in makeID() }
        return Turn(conversationID: conversationID, chatID: makeID(), sectionID: conversationID, messageIDs: messageIDs,
                    behaviour: behaviour, question: question, answers: conversation.answers)
    }
}
