import OrderedJSON
import Synchronization

extension SimulatedWorkflowService {
    /// The `data` of a made-up photo workflow: a required `image` (a file input) and an optional
    /// `style` (text), as a typical workflow for a workflow folder has.
    public static func sampleWorkflowInfo(id: String) -> JSONValue {
        workflowData(id: id, name: "photo_\(id.suffix(4))", description: "A simulated workflow: takes a photo and a style, returns a text", inputs: .object([
            "image": .object([
                "type": .string("image"), "required": .bool(true), "description": .string("The photo to work on"), "default_value": .string(""),
            ]),
            "style": .object([
                "type": .string("string"), "required": .bool(false), "description": .string("How the result should look"), "default_value": .string(""),
            ]),
        ]))
    }

    /// Makes `GET /v1/workflows/{workflowID}` answer with `sampleWorkflowInfo` unless that workflow
    /// already has an answer (`coze-drop init --workflow ID --simulator` works for any id).
    public func registerSampleWorkflowIfUnknown(_ workflowID: String) {
        state.withLock { state in
            if state.workflows[workflowID] == nil { state.workflows[workflowID] = Self.sampleWorkflowInfo(id: workflowID) }
        }
    }
}
