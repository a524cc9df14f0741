import Foundation
import OrderedJSON

extension SimulatorCommand {
    /// The `--workflows FILE` object: workflow id → the `data` of its info answer, in file order.
    static func workflows(from file: String) throws(UsageError) -> [(String, JSONValue)] {
        guard let bytes = FileManager.default.contents(atPath: file) else {
            throw UsageError("cannot read the workflows file \(file); check that it exists and is readable")
        }
        let document: JSONValue
        do { document = try JSONParser().parse(bytes: Array(bytes)) } catch {
            throw UsageError("the workflows file \(file) is not valid JSON: \(error)")
        }
        guard let members = document.objectMembers else {
            throw UsageError("the workflows file \(file) must be a JSON object: workflow id → {\"workflow_detail\": …, \"input\": {\"parameters\": …}, \"output\": …}")
        }
        var workflows: [(String, JSONValue)] = []
        for member in members {
            guard !member.key.isEmpty, member.key.allSatisfy(\.isNumber), member.value.objectMembers != nil else {
                throw UsageError("in \(file), `\(member.key)` must be a workflow id (digits) whose value is an object like {\"input\": {\"parameters\": {\"user_name\": {\"type\": \"string\", \"required\": true}}}}")
            }
            workflows.append((member.key, member.value))
        }
        return workflows
    }
}
