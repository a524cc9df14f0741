import Dispatch
import WorkflowJobs

/// The growing `.stream.txt` of a streamed job, next to it in `processing/`: text is appended in
/// order on the file's own serial queue, so a slow share never holds up reading the stream.
final class StreamTextFile: Sendable {
    private let path: String
    private let fileSystem: any FileSystem
    private let queue = DispatchQueue(label: "coze-drop.stream-text")

    init(path: String, fileSystem: any FileSystem) {
        self.path = path
        self.fileSystem = fileSystem
    }

    /// Where the runner sends the text.
    var sink: StreamTextSink {
        { [self] text in queue.async { try? self.fileSystem.append(Array(text.utf8), to: self.path) } }
    }

    /// Waits until everything sent so far is written (blocks: call it from the disk queue).
    func flush() { queue.sync {} }
}
