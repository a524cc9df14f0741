/// A connection setting that an advice asks a person to change. CozeAPI names it in words only;
/// a front end may add where it is set (a flag, a file key, an environment variable).
public enum ConnectionSetting: Sendable, Equatable {
    /// The API address (base URL).
    case baseURL
    /// The kind of service, to be set to the one given.
    case service(CozeService)
    /// Where the token comes from.
    case token
}
