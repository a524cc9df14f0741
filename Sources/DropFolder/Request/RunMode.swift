/// How a request asks to be run.
public enum RunMode: String, Sendable, Equatable {
    case sync, async, stream
}
