/// Folder names that work on Windows, macOS, Linux and SMB shares, made from a workflow's name.
public enum FolderName {
    /// The longest name, in bytes of UTF-8 (SMB and most file systems allow 255; shorter keeps
    /// whole paths under Windows' limits).
    public static let maximumBytes = 100

    /// Names Windows keeps for devices, with or without an extension.
    static let reserved: Set<String> = Set(["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] })

    /// `workflowName` as a folder name: `\ / : * ? " < > |` and control characters become `_`,
    /// no leading dot (a hidden folder is skipped), no trailing dot or space, not a reserved
    /// device name (`CON` → `CON_`), at most `maximumBytes` bytes without cutting a character;
    /// Chinese and other letters are kept. An empty result becomes `workflow-<workflowID>`.
    public static func safe(_ workflowName: String, workflowID: String? = nil) -> String {
        var name = String(String.UnicodeScalarView(workflowName.unicodeScalars.map { scalar -> Unicode.Scalar in
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || "\\/:*?\"<>|".unicodeScalars.contains(scalar) { return "_" }
            return scalar
        }))
        name = trimmed(name)
        while name.first == "." { name.removeFirst(); name = trimmed(name) }
        if name.utf8.count > maximumBytes {
            var cut = ""
            for character in name {
                guard cut.utf8.count + String(character).utf8.count <= maximumBytes else { break }
                cut.append(character)
            }
            name = trimmed(cut)
        }
        if name.isEmpty { return workflowID.map { "workflow-\($0)" } ?? "workflow" }
        let device = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map { String($0).uppercased() } ?? ""
        if reserved.contains(device.trimmingTrailingSpaces) {
            name = device.count == name.count ? name + "_" : String(name.prefix(device.count)) + "_" + String(name.dropFirst(device.count))
        }
        return name
    }

    /// Without spaces at either end, nor dots at the end.
    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace || last == "." { text.removeLast() }
        return String(text)
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
