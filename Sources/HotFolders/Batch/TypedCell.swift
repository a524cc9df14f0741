import OrderedJSON

/// A spreadsheet cell turned into a parameter value. Files the cell names stay placeholders,
/// `{"$file": "NAME"}` (the whole value, or elements of an array value), the same convention request
/// files use, so `AttachmentUploader.substituting` puts the uploaded files in.
public struct TypedCell: Sendable, Equatable {
    /// The value to send, with `{"$file": "NAME"}` where a file named in the cell goes.
    public var value: JSONValue
    /// The file names the value holds placeholders for, in order (an array may name several).
    public var files: [String]

    public init(value: JSONValue, files: [String] = []) {
        self.value = value
        self.files = files
    }

    /// A placeholder for a file named in a cell.
    public static func filePlaceholder(_ name: String) -> JSONValue {
        .object([JSONMember(key: "$file", value: .string(name))])
    }
}
