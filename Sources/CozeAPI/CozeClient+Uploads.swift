import Foundation
import OrderedJSON

extension CozeClient {
    /// The largest file Coze takes in one upload.
    public static let maximumUploadBytes: Int64 = 512 * 1024 * 1024

    /// A file Coze has stored: pass it to a workflow as `{"file_id":"…"}` text.
    public struct UploadedFile: Sendable, Equatable {
        public var id: String
        public var bytes: Int?
        public var fileName: String?
        /// Where the server keeps the file (`data.url`; Coze Studio answers with it).
        public var url: String?

        public init(id: String, bytes: Int? = nil, fileName: String? = nil, url: String? = nil) {
            self.id = id
            self.bytes = bytes
            self.fileName = fileName
            self.url = url
        }

        /// The value a workflow parameter takes for this file.
        public var parameterValue: String { #"{"file_id":"\#(id)"}"# }

        /// The value a workflow parameter takes for this file on `service`: Coze Studio resolves
        /// `file_id` only in chatflows, so its workflows get the file's URL.
        public func parameterValue(for service: CozeService) -> String {
            if service == .studio, let url, !url.isEmpty { return url }
            return parameterValue
        }
    }

    /// `POST /v1/files/upload`: sends a multipart body already written to `bodyFile` by `MultipartBody`.
    public func upload(bodyFile: String, contentType: String, fileName: String, timeout: Duration) async throws(CozeFailure) -> UploadedFile {
        var request = request(method: "POST", path: "/v1/files/upload", body: nil, timeout: timeout)
        request.bodyFile = bodyFile
        request.headers["Content-Type"] = contentType
        let reply = try await send(request, action: "uploading \(fileName)", timeout: timeout)
        guard let data = reply.json?["data"], let id = data["id"].flatMap(APIReply.identifier) else {
            throw CozeFailure(kind: .http, message: "Coze's answer to the upload of \(fileName) has no file id, so the file cannot be passed to the workflow. The raw body is kept in `response`.",
                              chinese: "Coze 对上传 \(fileName) 的回答中没有文件 ID，无法把文件交给工作流。原始内容保存在 `response` 中。",
                              httpStatus: reply.httpStatus, reply: reply)
        }
        return UploadedFile(id: id, bytes: data["bytes"]?.integerValue, fileName: data["file_name"]?.stringValue,
                            url: data["url"]?.stringValue)
    }
}
