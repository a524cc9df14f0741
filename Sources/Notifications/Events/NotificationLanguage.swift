/// The language a notification is written in: the folder's language, as the caller's `text` is.
///
/// (DropFolder has its own `Language`; this module does not depend on DropFolder, so the caller
/// maps one to the other.)
public enum NotificationLanguage: String, Sendable, CaseIterable {
    case en
    case zh

    /// The text in this language.
    public func pick(en: String, zh: String) -> String {
        switch self {
        case .en: en
        case .zh: zh
        }
    }
}
