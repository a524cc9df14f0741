/// Which server speaks the API: the hosted Coze (coze.cn / coze.com) or a self-hosted Coze Studio.
/// They share most paths but differ in polling, resuming, uploads, log ids and error codes.
public enum CozeService: String, Sendable, CaseIterable {
    /// The hosted service, api.coze.cn or api.coze.com.
    case coze
    /// Open-source Coze Studio, run on one's own machine or network.
    case studio
}
