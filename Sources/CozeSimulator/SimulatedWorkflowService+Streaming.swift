import Foundation
import OrderedJSON
import Synchronization

/// A run stopped at a question, waiting for `stream_resume` or `resume`.
struct Question {
    var workflowID: String
    var executeID: String
    var behaviour: SimulatedBehaviour
    var echoed: JSONValue
    /// Questions asked so far in this run, this one included.
    var asked: Int
    var resumesUsed = 0
    var answers: [String] = []
    var ended = false
    /// Asked by an async run: its answer restarts the run, which is polled again.
    var isAsync = false
}

extension SimulatedWorkflowService {
    static let maximumResumes = 3

    /// `POST /v1/workflow/stream_run`: the run as Server-Sent Events, like the real service: PINGs
    /// while it runs, a node's text in several Message chunks, the End node's output, then Done
    /// (or Error, or an Interrupt with a question).
    func streamRun(_ request: ServerRequest, logid: String) -> ServerResponse {
        let started: StartedRun
        switch startRun(request, logid: logid, counting: { state, _ in state.statistics.streamRuns += 1 }) {
        case .refused(let answer): return answer
        case .started(let run): started = run
        }
        if let scripted = scriptedAnswer(started.behaviour, logid: logid) { return scripted }
        return streamAnswer(workflowID: started.workflowID, executeID: started.executeID, behaviour: started.behaviour,
                            echoed: started.echoed, output: started.output, asked: 0, logid: logid)
    }

    /// `POST /v1/workflow/stream_resume` and `POST /v1/workflows/resume`: answers a question.
    func resume(_ request: ServerRequest, streamed: Bool, logid: String) -> ServerResponse {
        guard let body = try? JSONParser().parse(bytes: request.body), body.objectMembers != nil else {
            return businessError(4000, "request body is not a JSON object", logid: logid)
        }
        guard let workflowID = body["workflow_id"]?.stringValue, !workflowID.isEmpty,
              let eventID = body["event_id"]?.stringValue, !eventID.isEmpty,
              let answer = body["resume_data"]?.stringValue, body["interrupt_type"]?.integerValue != nil
        else {
            return businessError(4000, "workflow_id, event_id, resume_data (a string) and interrupt_type (a number) are required", logid: logid)
        }
        if let unknown = unknownFileID(in: .string(answer)) {
            return businessError(4000, "file_id \(unknown) does not exist or has expired", logid: logid)
        }
        enum Decision { case refuse(Int, String), go(Question) }
        let decision = state.withLock { state -> Decision in
            guard var question = state.questions[eventID], question.workflowID == workflowID else {
                return .refuse(4314, "the run of event_id \(eventID) was not found")
            }
            guard !question.ended else { return .refuse(4315, "the run of event_id \(eventID) has already ended") }
            guard question.resumesUsed < Self.maximumResumes else {
                return .refuse(4315, "the run has been resumed \(Self.maximumResumes) times, the most allowed, and has ended")
            }
            state.questions[eventID]?.ended = true
            question.resumesUsed += 1
            question.answers.append(answer)
            state.statistics.resumes += 1
            return .go(question)
        }
        guard case .go(let question) = decision else {
            if case .refuse(let code, let message) = decision { return businessError(code, message, logid: logid) }
            return businessError(5000, "unreachable", logid: logid)
        }
        let output = JSONValue.object(["output": question.echoed, "answers": .array(question.answers.map(JSONValue.string))])
        if question.isAsync, !streamed { return resumeAsync(question, output: output, logid: logid) }
        if streamed {
            return streamAnswer(workflowID: workflowID, executeID: question.executeID, behaviour: question.behaviour, echoed: question.echoed,
                                output: output, asked: question.asked, resumesUsed: question.resumesUsed, answers: question.answers, logid: logid)
        }
        var members: [JSONMember] = [
            JSONMember(key: "code", value: .integer(0)),
            JSONMember(key: "msg", value: .string("")),
            JSONMember(key: "data", value: .string(Self.endOutput(question.behaviour, output: output))),
            JSONMember(key: "debug_url", value: .string(Self.debugURL(workflowID: workflowID, executeID: question.executeID))),
            JSONMember(key: "execute_id", value: .string(question.executeID)),
            JSONMember(key: "usage", value: Self.usage),
            JSONMember(key: "detail", value: .object(["logid": .string(logid)])),
        ]
        if question.asked < question.behaviour.questions {
            let next = ask(question, answers: question.answers)
            members[2].value = .string("")
            members.append(JSONMember(key: "interrupt_data", value: Self.interruptData(question.behaviour, text: next.text, eventID: next.eventID)))
        }
        return json(status: 200, logid: logid, .object(members))
    }

    /// Records a new question of a run and returns its event id and text.
    func ask(_ run: Question, answers: [String]) -> (eventID: String, text: String) {
        var question = run
        question.asked += 1
        question.ended = false
        question.answers = answers
        let number = question.asked
        let eventID = "\(run.executeID)/\(2_769_808_280_134_765_895 + number)"
        state.withLock { $0.questions[eventID] = question }
        return (eventID, Self.questionText(run.behaviour, number: number))
    }

    static func questionText(_ behaviour: SimulatedBehaviour, number: Int) -> String {
        number == 1 ? (behaviour.interrupt ?? "?") : "\(behaviour.interrupt ?? "?") (\(number))"
    }

    /// `/v1/workflows/resume` for an async run: the run goes on under the same execute id, to be
    /// polled again; the answer carries that id, as the docs' resume_workflow example does.
    func resumeAsync(_ question: Question, output: JSONValue, logid: String) -> ServerResponse {
        state.withLock { state in
            guard var execution = state.executions[question.executeID] else { return }
            execution.asked = question.asked
            execution.resumesUsed = question.resumesUsed
            execution.answers = question.answers
            execution.waitingEventID = nil
            execution.pollsSeen = 0
            execution.startedAt = ContinuousClock.now
            execution.output = output
            state.executions[question.executeID] = execution
        }
        var members: [JSONMember] = [
            JSONMember(key: "code", value: .integer(0)), JSONMember(key: "msg", value: .string("")),
            JSONMember(key: "debug_url", value: .string(Self.debugURL(workflowID: question.workflowID, executeID: question.executeID) + "&execute_mode=2")),
            JSONMember(key: "execute_id", value: .string(question.executeID)),
            JSONMember(key: "detail", value: .object(["logid": .string(logid)])),
        ]
        // Asked again (as the docs' example, an Input node still missing a field): the question is in
        // the answer, and polls repeat it until it is answered.
        if question.asked < question.behaviour.questions {
            let next = ask(question, answers: question.answers)
            state.withLock { $0.executions[question.executeID]?.waitingEventID = next.eventID }
            members.insert(JSONMember(key: "interrupt_data", value: Self.interruptData(question.behaviour, text: next.text, eventID: next.eventID)), at: 3)
        }
        return json(status: 200, logid: logid, .object(members))
    }

    /// The events of a streamed run, from where it stands (`asked` questions so far).
    func streamAnswer(workflowID: String, executeID: String, behaviour: SimulatedBehaviour, echoed: JSONValue, output: JSONValue,
                      asked: Int, resumesUsed: Int = 0, answers: [String] = [], logid: String) -> ServerResponse {
        if service == .studio {
            return studioStreamAnswer(workflowID: workflowID, executeID: executeID, behaviour: behaviour, echoed: echoed, output: output,
                                      asked: asked, resumesUsed: resumesUsed, answers: answers, logid: logid)
        }
        var parts: [ServerResponse.StreamPart] = []
        var nextID = 0
        func event(_ name: String, _ data: JSONValue, after pause: Duration = .zero) {
            parts.append(ServerResponse.StreamPart("id: \(nextID)\nevent: \(name)\ndata: \(JSONWriter(prettyPrinted: false).string(from: data))\n\n", after: pause))
            nextID += 1
        }
        // A resumed stream does not run again from the start: no waiting, no PINGs.
        if asked == 0, behaviour.runningMilliseconds > 0 {
            var waited = 0
            if behaviour.pingMilliseconds > 0 {
                while waited + behaviour.pingMilliseconds <= behaviour.runningMilliseconds {
                    event("PING", .object([]), after: .milliseconds(behaviour.pingMilliseconds))
                    waited += behaviour.pingMilliseconds
                }
            }
            parts.append(ServerResponse.StreamPart("", after: .milliseconds(behaviour.runningMilliseconds - waited)))
        }
        let text = "Simulated text for " + JSONWriter(prettyPrinted: false).string(from: echoed)
        let pieces = Self.split(text, into: behaviour.chunks)
        for (index, piece) in pieces.enumerated() {
            event("Message", .object([
                "content": .string(piece), "node_is_finish": .bool(index == pieces.count - 1), "node_seq_id": .string(String(index)),
                "node_title": .string("Message"), "node_id": .string("135279"), "node_type": .string("Message"),
            ]))
        }
        let headers = [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"), ("X-Tt-Logid", logid)]
        if let broken = Self.brokenStream(behaviour, parts: parts, nextID: nextID, headers: headers) { return broken }
        if let failure = behaviour.failure {
            event("Error", .object(["error_code": .integer(720_701_013), "error_message": .string(failure)]))
        } else if behaviour.interrupt != nil, asked < behaviour.questions {
            let question = ask(Question(workflowID: workflowID, executeID: executeID, behaviour: behaviour, echoed: echoed, asked: asked,
                                        resumesUsed: resumesUsed), answers: answers)
            // As the docs' Interrupt example: the question as the node's message, then `data: ""`.
            let isForm = !behaviour.interruptFields.isEmpty
            event("Message", .object([
                "content": .string(question.text), "content_type": .string("text"), "node_is_finish": .bool(true), "node_seq_id": .string("0"),
                "node_title": .string(isForm ? "输入" : "问答"), "node_id": .string("160892"), "node_type": .string(isForm ? "Input" : "Question"),
            ]))
            event("Interrupt", .object([
                "interrupt_data": .object(["data": .string(""), "event_id": .string(question.eventID), "type": .integer(isForm ? 5 : 2)]),
                "node_title": .string(isForm ? "输入" : "问答"),
            ]))
        } else {
            // The End node is named ("End", or as the user renamed it), with its type and fixed id.
            let endPieces = behaviour.endText.map { Self.split($0, into: behaviour.chunks) }
                ?? [JSONWriter(prettyPrinted: false).string(from: output)]
            for (index, piece) in endPieces.enumerated() {
                let last = index == endPieces.count - 1
                var members: [JSONMember] = [
                    JSONMember(key: "content", value: .string(piece)), JSONMember(key: "content_type", value: .string("text")),
                    JSONMember(key: "node_is_finish", value: .bool(last)), JSONMember(key: "node_seq_id", value: .string(String(index))),
                    JSONMember(key: "node_title", value: .string(behaviour.endTitle)), JSONMember(key: "node_type", value: .string("End")),
                    JSONMember(key: "node_id", value: .string("900001")), JSONMember(key: "cost", value: .string("0")),
                    JSONMember(key: "token", value: .integer(last ? 386 : 0)),
                ]
                if last { members.append(JSONMember(key: "usage", value: Self.usage)) }
                event("Message", .object(members))
            }
            event("Done", behaviour.doneEmpty ? .object([]) : .object(["debug_url": .string(Self.debugURL(workflowID: workflowID, executeID: executeID))]))
        }
        return ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .complete))
    }

    /// A stream that breaks (`stream_fault: "cut"`, in the middle of an event) or goes silent
    /// (`"stall"`) after `parts`; `nil` for any other behaviour.
    static func brokenStream(_ behaviour: SimulatedBehaviour, parts: [ServerResponse.StreamPart], nextID: Int,
                             headers: [(String, String)]) -> ServerResponse? {
        var parts = parts
        switch behaviour.streamFault {
        case "cut":
            parts.append(ServerResponse.StreamPart("id: \(nextID)\nevent: Message\ndata: {\"content\":\"and then the conne"))
            return ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .cut))
        case "stall":
            return ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .stall(.milliseconds(behaviour.stallMilliseconds))))
        default:
            return nil
        }
    }

    static func split(_ text: String, into count: Int) -> [String] {
        let characters = Array(text)
        let size = max(1, (characters.count + count - 1) / count)
        return stride(from: 0, to: characters.count, by: size).map { String(characters[$0..<min($0 + size, characters.count)]) }
    }
}
