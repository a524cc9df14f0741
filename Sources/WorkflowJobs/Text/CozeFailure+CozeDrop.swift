import CozeAPI

extension CozeFailure {
    /// The message in `language`, followed by where coze-drop takes the setting it asks to change.
    public func messageNamingFlags(in language: Language) -> String {
        let text = message(in: language)
        guard let setting else { return text }
        return text + language.pick(en: " ", zh: "") + setting.whereSet(in: language)
    }
}
