import WorkflowJobs

/// Passes a runner's events on to the agent's event sink, as the agent's events.
struct AgentEventForwarder: JobEventSink {
    let sink: any EventSink

    func record(_ event: JobEvent) {
        sink.record(Self.agentEvent(event))
    }

    /// The agent's event for a runner's event: the same case.
    static func agentEvent(_ event: JobEvent) -> AgentEvent {
        switch event {
        case let .sending(file, workflowID, mode, parameters): .sending(file: file, workflowID: workflowID, mode: mode, parameters: parameters)
        case let .started(file, executeID): .started(file: file, executeID: executeID)
        case let .polled(file, attempt, limit, status): .polled(file: file, attempt: attempt, limit: limit, status: status)
        case let .pollProblem(file, attempt, message): .pollProblem(file: file, attempt: attempt, message: message)
        case let .retrying(file, retry, after, message): .retrying(file: file, retry: retry, after: after, message: message)
        case let .parametersUnchecked(workflowID, reason): .parametersUnchecked(workflowID: workflowID, reason: reason)
        case let .warning(text): .warning(text)
        }
    }
}
