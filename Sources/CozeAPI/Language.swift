/// The language people read: result summaries, status and command messages come in Chinese or
/// English with the same meaning.
public enum Language: String, Sendable, CaseIterable {
    case en
    case zh

    /// `zh`, `zh_CN.UTF-8`, `en_US`, `C`…; `nil` for anything else.
    public init?(code: String) {
        let lowered = code.lowercased()
        if lowered.hasPrefix("zh") { self = .zh } else if lowered.hasPrefix("en") || lowered == "c" || lowered == "posix" { self = .en } else { return nil }
    }

    /// From the locale variables, as the C library reads them: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
    public static func preferred(in environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return Language(code: value) ?? .en }
        }
        return .en
    }

    /// The text in this language.
    public func pick(en: String, zh: String) -> String {
        switch self {
        case .en: en
        case .zh: zh
        }
    }
}
