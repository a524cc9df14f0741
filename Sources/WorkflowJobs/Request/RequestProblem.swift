/// Everything wrong with a request file, each problem a sentence naming the field and the fix.
public struct RequestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]

    public init(_ problems: [String]) { self.problems = problems }
    public init(_ problem: String) { self.problems = [problem] }

    public var description: String {
        problems.count == 1 ? problems[0] : problems.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: " ")
    }
}
