/// Why a workflow folder's `workflow.json` cannot be used: every problem at once, each naming the
/// key and saying what to write, in the language asked for.
public struct WorkflowFolderProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]

    public init(_ problems: [String]) { self.problems = problems }
    public init(_ problem: String) { self.problems = [problem] }

    public var description: String {
        problems.count == 1 ? problems[0] : problems.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: " ")
    }
}
