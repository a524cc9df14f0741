/// Why no usable token could be had (a command failed, a key was refused, a file is empty). The
/// message says what to check and never holds a token or key material.
public struct TokenProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var chinese: String

    public init(_ message: String, chinese: String? = nil) {
        self.message = message
        self.chinese = chinese ?? message
    }

    public var description: String { message }
}
