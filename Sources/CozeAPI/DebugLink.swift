import Foundation

/// Coze's debug links (`https://www.coze.cn/work_flow?execute_id=…&space_id=…&workflow_id=…`): the
/// only place a stream shows its run's id, and a fallback when an answer leaves `execute_id` out.
public enum DebugLink {
    /// The run's id from a debug link's `execute_id` query item; `nil` without one.
    public static func executeID(in text: String?) -> String? {
        guard let text, let components = URLComponents(string: text) else { return nil }
        return components.queryItems?.first(where: { $0.name == "execute_id" })?.value.flatMap { $0.isEmpty ? nil : $0 }
    }
}
