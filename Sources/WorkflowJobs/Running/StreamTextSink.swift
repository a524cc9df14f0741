/// Where the text of a streamed run goes while it arrives: the console for `run`, a growing
/// `.stream.txt` file next to the claimed job for `watch`.
public typealias StreamTextSink = @Sendable (String) -> Void
