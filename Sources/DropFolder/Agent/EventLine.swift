import OrderedJSON
import WorkflowJobs

/// One event as a JSON object for `--log-format json`: `time`, `level`, `event`, and where they
/// apply `file`, `execute_id`, `duration_ms`, `error_kind`, `record`; `message` is the readable line.
enum EventLine {
    static func json(for event: AgentEvent, time: String) -> JSONValue {
        var members: [JSONMember] = [JSONMember(key: "time", value: .string(time))]
        func add(_ key: String, _ value: String?) { if let value { members.append(JSONMember(key: key, value: .string(value))) } }
        let (level, name): (String, String) = switch event {
        case .agentStarted: ("info", "agent_started")
        case .pickedUp: ("info", "picked_up")
        case .resumed: ("info", "resumed")
        case .adopted: ("warning", "adopted")
        case .sending: ("info", "sending")
        case .started: ("info", "started")
        case .polled: ("debug", "polled")
        case .pollProblem: ("warning", "poll_problem")
        case .retrying: ("warning", "retrying")
        case .finished: ("info", "finished")
        case .failed: ("error", "failed")
        case .parametersUnchecked: ("warning", "parameters_unchecked")
        case .problem: ("error", "problem")
        case .warning: ("warning", "warning")
        case .tokenRenewed: ("info", "token_renewed")
        case .scanned: ("debug", "scanned")
        case .stopping: ("info", "stopping")
        case .stopped: ("info", "stopped")
        case .retained(_, _, let to): ("info", to == nil ? "deleted_old" : "archived")
        }
        members.append(JSONMember(key: "level", value: .string(level)))
        members.append(JSONMember(key: "event", value: .string(name)))
        switch event {
        case .pickedUp(let file), .resumed(let file, _), .sending(let file, _, _, _), .started(let file, _), .polled(let file, _, _, _),
             .pollProblem(let file, _, _), .retrying(let file, _, _, _):
            add("file", file)
        case .finished(let file, let record, _, _), .failed(let file, _, _, let record, _, _):
            add("file", file)
            add("record", record)
        default:
            break
        }
        switch event {
        case .resumed(_, let executeID), .started(_, let executeID):
            add("execute_id", executeID)
        case .finished(_, _, let executeID, let duration), .failed(_, _, _, _, let executeID, let duration):
            add("execute_id", executeID)
            if let duration { members.append(JSONMember(key: "duration_ms", value: .integer(duration.wholeMilliseconds))) }
        default:
            break
        }
        if case .failed(_, let kind, _, _, _, _) = event { add("error_kind", kind.rawValue) }
        if case .parametersUnchecked(let workflowID, _) = event { add("workflow_id", workflowID) }
        if case .retained(let job, _, let to) = event { add("job", job); add("archive", to) }
        add("message", ConsoleEventLog.describe(event))
        return .object(members)
    }
}
