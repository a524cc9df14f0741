import OrderedJSON

/// The `NAME.response.json` written next to a finished request, keys in a fixed order so
/// people find the same thing in the same place every time.
public enum ResultRecord {
    public static func json(for result: JobResult, sourceFile: String, simulated: Bool) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember(key: "status", value: .string(result.status.rawValue)),
            JSONMember(key: "mode", value: result.mode.map { .string($0.rawValue) } ?? .null),
            JSONMember(key: "request", value: result.request),
            JSONMember(key: "response", value: result.response ?? .null),
        ]
        if result.mode == .async { members.append(JSONMember(key: "start_response", value: result.startResponse ?? .null)) }
        members += [
            JSONMember(key: "output", value: result.output ?? .null),
        ]
        if let trimmed = result.trimmedOutput {
            members.append(JSONMember(key: "output_trimmed", value: .object([
                JSONMember(key: "completed_nodes", value: .array(trimmed.completed.map(JSONValue.string))),
                JSONMember(key: "complete", value: .bool(trimmed.problem == nil)),
                JSONMember(key: "problem", value: trimmed.problem.map(JSONValue.string) ?? .null),
            ])))
        }
        members += [
            JSONMember(key: "execute_id", value: result.executeID.map(JSONValue.string) ?? .null),
            JSONMember(key: "debug_url", value: result.debugURL.map(JSONValue.string) ?? .null),
            JSONMember(key: "logid", value: result.logid.map(JSONValue.string) ?? .null),
            JSONMember(key: "usage", value: result.usage ?? .null),
        ]
        if !result.inputFiles.isEmpty {
            members.append(JSONMember(key: "uploads", value: .array(result.inputFiles.map { upload in
                .object([
                    JSONMember(key: "name", value: .string(upload.name)),
                    JSONMember(key: "bytes", value: upload.bytes.map(JSONValue.integer) ?? .null),
                    JSONMember(key: "file_id", value: upload.fileID.map(JSONValue.string) ?? .null),
                ] + (upload.url.map { [JSONMember(key: "url", value: .string($0))] } ?? []))
            })))
        }
        if let continues = result.continues {
            members.append(JSONMember(key: "continues", value: .string(continues)))
        }
        if let retryOf = result.retryOf {
            members.append(JSONMember(key: "retry_of", value: .string(retryOf)))
        }
        if let transcript = result.transcript {
            members.append(JSONMember(key: "messages", value: transcript.messagesJSON))
            members.append(JSONMember(key: "events", value: transcript.eventsJSON))
        }
        if let chat = result.chatTranscript { members += chat.recordMembers }
        if let question = result.question {
            members.append(JSONMember(key: "question", value: .object([
                JSONMember(key: "text", value: .string(question.text)),
                JSONMember(key: "node_title", value: .string(question.nodeTitle)),
                JSONMember(key: "event_id", value: .string(question.eventID)),
                JSONMember(key: "interrupt_type", value: .integer(question.interruptType)),
                JSONMember(key: "resumes_left", value: .integer(question.resumesLeft)),
                JSONMember(key: "required_parameters", value: question.requiredParameters),
            ])))
        }
        if let error = result.error {
            members.append(JSONMember(key: "error", value: .object([
                "kind": .string(error.kind.rawValue),
                "message": .string(error.message),
                "code": error.code.map(JSONValue.integer) ?? .null,
                "http_status": error.httpStatus.map(JSONValue.integer) ?? .null,
            ])))
        }
        members += [
            JSONMember(key: "started_at", value: .string(BeijingTime.iso8601(result.startedAt))),
            JSONMember(key: "finished_at", value: .string(BeijingTime.iso8601(result.finishedAt))),
            JSONMember(key: "duration_ms", value: .integer(result.duration.wholeMilliseconds)),
            JSONMember(key: "polls", value: .integer(result.polls)),
            JSONMember(key: "retries", value: .integer(result.retries)),
            JSONMember(key: "source_file", value: .string(sourceFile)),
            JSONMember(key: "simulated", value: .bool(simulated)),
        ]
        return .object(members)
    }
}
