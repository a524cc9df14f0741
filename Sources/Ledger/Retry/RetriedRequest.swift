import OrderedJSON
import WorkflowJobs

/// A failed request as it goes back into the inbox: the same document, keys in their order, with
/// `"retry_of"` naming the earlier attempt's record (set anew on a retry of a retry), in UTF-8
/// whatever the original's encoding (UTF-16, GBK, a byte-order mark…). Pure.
public enum RetriedRequest {
    /// The new bytes, or `nil` when the file is not a JSON object (it goes back as it is, and the
    /// agent says again what is wrong with it).
    public static func bytes(_ original: [UInt8], retryOf record: String) -> [UInt8]? {
        guard let decoded = try? RequestTextDecoder.decode(original),
              let document = try? JSONParser().parse(bytes: decoded.utf8),
              var members = document.objectMembers else { return nil }
        if let index = members.firstIndex(where: { $0.key == "retry_of" }) {
            members[index].value = .string(record)
        } else {
            members.append(JSONMember(key: "retry_of", value: .string(record)))
        }
        return JSONWriter().bytes(from: .object(members))
    }
}
