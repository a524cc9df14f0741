import CozeAPI

extension ConnectionSetting {
    /// Where coze-drop takes this setting from: a sentence to add after an advice that names it.
    public func whereSet(in l: Language) -> String {
        switch self {
        case .baseURL:
            l.pick(en: "The API address is set with --base-url, \"base_url\" in coze-drop.json, or COZE_BASE_URL.",
                   zh: "API 地址用 --base-url、coze-drop.json 中的 \"base_url\" 或 COZE_BASE_URL 设置。")
        case .service(let service):
            l.pick(en: "The service is set with --service \(service.rawValue), or \"service\": \"\(service.rawValue)\" in coze-drop.json.",
                   zh: "服务用 --service \(service.rawValue) 或 coze-drop.json 中的 \"service\": \"\(service.rawValue)\" 设置。")
        case .token:
            l.pick(en: "The token is given with COZE_API_TOKEN, --token-file or --token-command (\"token_file\", \"token_command\" in coze-drop.json).",
                   zh: "令牌用 COZE_API_TOKEN、--token-file 或 --token-command（coze-drop.json 中的 \"token_file\"、\"token_command\"）提供。")
        }
    }
}
