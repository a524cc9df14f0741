import CozeAPI
import Dispatch
import Foundation
import OrderedJSON

/// Uploads an input file to Coze and puts the ids it gets into a request, for `watch` (files moved
/// next to the job) and `run` (files next to the request file) alike.
public struct AttachmentUploader: Sendable {
    /// Runs a piece of blocking disk work off the cooperative pool and hands back what it returned.
    public typealias BlockingWork = @Sendable (_ work: @escaping @Sendable () -> String?) async -> String?

    let client: CozeClient
    /// Where writing the multipart body runs (the agent bounds its disk work; `run` has one job).
    let runBlocking: BlockingWork

    /// An uploader whose blocking disk work goes to `runBlocking`.
    public init(client: CozeClient, runBlocking: @escaping BlockingWork) {
        self.client = client
        self.runBlocking = runBlocking
    }

    /// Blocking work on a Dispatch thread of its own, for a command that runs one job.
    public static let onDispatchThread: BlockingWork = { work in
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(returning: work()) }
        }
    }

    /// Writes the multipart body into `scratchFolder` (streamed from `path`, never held in memory),
    /// sends it, and removes it.
    public func upload(_ path: String, as name: String, scratchFolder: String) async -> Result<CozeClient.UploadedFile, CozeFailure> {
        let body = MultipartBody()
        // Named like every temporary file, so a restart clears it away should this agent be killed mid-upload.
        let bodyPath = "\(scratchFolder)/.tmp-upload-\(UInt64.random(in: 0...UInt64.max))"
        let problem = await runBlocking { () -> String? in
            do {
                _ = try body.write(source: path, fileName: name, to: bodyPath)
                return nil
            } catch {
                return "\(error)"
            }
        }
        defer { unlink(bodyPath) }
        if let problem {
            return .failure(CozeFailure(kind: .network, message: "The upload of \"\(name)\" could not be prepared (\(problem)).", mayHaveReachedServer: false))
        }
        do {
            return .success(try await client.upload(bodyFile: bodyPath, contentType: body.contentType, fileName: name, timeout: .seconds(600)))
        } catch {
            return .failure(error)
        }
    }

    /// The request with each `{"$file": name}` (a parameter value, an element of an array value, or
    /// the answer) replaced by the `{"file_id":"…"}` text Coze expects for the id in `ids`.
    public static func substituting(_ ids: [String: String], into request: WorkflowRequest) -> WorkflowRequest {
        substituting(parameterValues: ids.mapValues { CozeClient.UploadedFile(id: $0).parameterValue }, into: request)
    }

    /// The request with each `{"$file": name}` replaced by the text in `values` (see
    /// `CozeClient.UploadedFile.parameterValue(for:)`: a `{"file_id":"…"}` text, or Coze Studio's URL).
    public static func substituting(parameterValues values: [String: String], into request: WorkflowRequest) -> WorkflowRequest {
        func replaced(_ value: JSONValue) -> JSONValue {
            guard let members = value.objectMembers, members.count == 1, members[0].key == "$file",
                  let name = members[0].value.stringValue, let text = values[name] else { return value }
            return .string(text)
        }
        var ready = request
        if case .object(let members) = request.invocation.parameters {
            ready.invocation.parameters = .object(members.map { member in
                if case .array(let items) = member.value { return JSONMember(key: member.key, value: .array(items.map(replaced))) }
                return JSONMember(key: member.key, value: replaced(member.value))
            })
        }
        if let name = request.resume?.answerFile, let text = values[name] {
            ready.resume?.answer = text
        }
        return ready
    }
}
