import Foundation
import OrderedJSON
import Synchronization

extension SimulatedWorkflowService {
    /// `POST /v1/workflows/chat`: a chatflow's answer as the hosted service streams it (no `id:`
    /// lines): the chat created and in progress, the answer in `conversation.message.delta` chunks,
    /// the completed answer and a verbose `generate_answer_finish`, the chat completed, then `done`.
    /// With `interrupt`, the chat asks a question (completed message, `requires_action`, `done`) and
    /// the next call on the same `conversation_id` answers it; with `fail`, `conversation.chat.failed`.
    func chat(_ request: ServerRequest, logid: String) -> ServerResponse {
        guard let body = try? JSONParser().parse(bytes: request.body), body.objectMembers != nil else {
            return businessError(4000, "request body is not a JSON object", logid: logid)
        }
        guard let workflowID = body["workflow_id"]?.stringValue, !workflowID.isEmpty else {
            return businessError(4000, "workflow_id is required", logid: logid)
        }
        let botID = body["bot_id"].flatMap { $0.isNull ? nil : $0.stringValue }
        let appID = body["app_id"].flatMap { $0.isNull ? nil : $0.stringValue }
        guard (botID == nil) != (appID == nil) else {
            return businessError(4000, botID == nil ? "app_id or bot_id is required" : "bot_id and app_id cannot both be set", logid: logid)
        }
        guard let messages = body["additional_messages"]?.arrayValue, let last = messages.last,
              last["role"]?.stringValue == "user", let message = last["content"]?.stringValue
        else {
            return businessError(4000, "additional_messages is required and its last message must have role user", logid: logid)
        }
        guard let parameters = body["parameters"], let members = parameters.objectMembers else {
            return businessError(4000, "parameters is required and must be an object", logid: logid)
        }
        if let unknown = unknownFileID(in: parameters) {
            return businessError(4000, "file_id \(unknown) does not exist or has expired", logid: logid)
        }
        let given = SimulatedBehaviour(parameters["_simulate"])
        if let scripted = scriptedAnswer(given, logid: logid) { return scripted }
        let fault = given.fault ?? randomFault()
        if let fault, !fault.carriesOut { return faultAnswer(fault, logid: logid) }
        let echoed = JSONValue.object(members.filter { $0.key != "_simulate" })
        let requested = body["conversation_id"].flatMap { $0.isNull ? nil : Self.identifier($0) }

        let turn = state.withLock { state -> SimulatedChats.Turn in
            state.statistics.streamRuns += 1
            return state.chats.take(message, in: requested, behaviour: given, scripted: parameters["_simulate"] != nil)
        }
        let behaviour = turn.behaviour
        let now = Int(Date().timeIntervalSince1970)
        var parts: [ServerResponse.StreamPart] = []
        var pause = Duration.milliseconds(behaviour.delayMilliseconds)
        func event(_ name: String, _ data: JSONValue) {
            parts.append(ServerResponse.StreamPart("event: \(name)\ndata: \(JSONWriter(prettyPrinted: false).string(from: data))\n\n", after: pause))
            pause = .zero
        }
        func chatObject(_ status: String, usage: JSONValue = Self.zeroUsage, error: (code: String, msg: String)? = nil) -> JSONValue {
            var members = [
                JSONMember(key: "id", value: .string(turn.chatID)),
                JSONMember(key: "conversation_id", value: .string(turn.conversationID)),
            ]
            if let botID { members.append(JSONMember(key: "bot_id", value: .string(botID))) }
            members += [
                JSONMember(key: "created_at", value: .integer(now)),
                JSONMember(key: "last_error", value: .object([
                    "code": error.map { .string($0.code) } ?? .integer(0), "msg": .string(error?.msg ?? ""),
                ])),
                JSONMember(key: "status", value: .string(status)),
                JSONMember(key: "usage", value: usage),
                JSONMember(key: "section_id", value: .string(turn.sectionID)),
            ]
            if status == "completed" { members.insert(JSONMember(key: "completed_at", value: .integer(now)), at: 3) }
            return .object(members)
        }
        func messageObject(_ id: String, type: String, content: String, completed: Bool) -> JSONValue {
            var members = [
                JSONMember(key: "id", value: .string(id)),
                JSONMember(key: "conversation_id", value: .string(turn.conversationID)),
                JSONMember(key: "role", value: .string("assistant")),
                JSONMember(key: "type", value: .string(type)),
                JSONMember(key: "content", value: .string(content)),
                JSONMember(key: "content_type", value: .string("text")),
                JSONMember(key: "chat_id", value: .string(turn.chatID)),
                JSONMember(key: "section_id", value: .string(turn.sectionID)),
            ]
            if completed {
                members.append(JSONMember(key: "created_at", value: .integer(now)))
                if type == "verbose" { members.append(JSONMember(key: "updated_at", value: .integer(now))) }
            }
            return .object(members)
        }
        let executeID = state.withLock { $0.chats.makeID() }
        let done = JSONValue.object(["debug_url": .string(Self.debugURL(workflowID: workflowID, executeID: executeID) + "&execute_mode=2")])
        let headers = [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"), ("X-Tt-Logid", logid)]

        event("conversation.chat.created", chatObject("created"))
        event("conversation.chat.in_progress", chatObject("in_progress"))
        if let failure = behaviour.failure {
            event("conversation.chat.failed", chatObject("failed", error: ("720701013", failure)))
            event("done", done)
            return carryingOut(fault, ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .complete)))
        }
        if let question = turn.question {
            event("conversation.message.completed", messageObject(turn.messageIDs[0], type: "answer", content: question, completed: true))
            event("conversation.chat.requires_action", chatObject("requires_action"))
            event("done", done)
            return carryingOut(fault, ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .complete)))
        }
        var answer = turn.answers.isEmpty ? "Simulated answer to \"\(message)\""
            : "Simulated answer after your answers " + turn.answers.map { "\"\($0)\"" }.joined(separator: ", ")
        if !(echoed.objectMembers?.isEmpty ?? true) { answer += " with " + JSONWriter(prettyPrinted: false).string(from: echoed) }
        for piece in Self.split(answer, into: behaviour.chunks) {
            event("conversation.message.delta", messageObject(turn.messageIDs[0], type: "answer", content: piece, completed: false))
        }
        if behaviour.streamFault == "cut" {
            parts.append(ServerResponse.StreamPart("event: conversation.message.completed\ndata: {\"id\":\"\(turn.messageIDs[0])\",\"conte"))
            return ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .cut))
        }
        event("conversation.message.completed", messageObject(turn.messageIDs[0], type: "answer", content: answer, completed: true))
        let finish = #"{"msg_type":"generate_answer_finish","data":"{\"finish_reason\":0,\"FinData\":\"\"}","from_module":null,"from_unit":null}"#
        event("conversation.message.completed", messageObject(turn.messageIDs[1], type: "verbose", content: finish, completed: true))
        event("conversation.chat.completed", chatObject("completed", usage: Self.usage))
        event("done", done)
        return carryingOut(fault, ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .complete)))
    }

    /// A fault that shows after the chat was carried out: late, lost (`reset_after`), or cut half-way (`mid_body`).
    private func carryingOut(_ fault: SimulatedFault?, _ answer: ServerResponse) -> ServerResponse {
        guard let fault, fault.carriesOut else { return answer }
        guard fault == .midBody, case .stream(let parts, _) = answer.delivery else { return afterCarryingOut(fault, answer) }
        state.withLock { $0.statistics.faultsInjected += 1 }
        var cut = answer
        cut.delivery = .stream(Array(parts.prefix(parts.count / 2)) + [ServerResponse.StreamPart("event: conversation.message.delta\ndata: {\"con")], ending: .cut)
        return cut
    }

    /// An id written as a string or a number.
    static func identifier(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text) where !text.isEmpty: text
        case .number(let literal): literal
        default: nil
        }
    }

    static let zeroUsage: JSONValue = .object(["token_count": .integer(0), "output_count": .integer(0), "input_count": .integer(0)])
}
