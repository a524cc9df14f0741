extension CozeErrorAdvice {
    static let regionHintChinese = "令牌可能属于另一个 Coze 站点：在 coze.cn 创建的令牌只能用于 https://api.coze.cn，在 coze.com 创建的只能用于 https://api.coze.com（用 --base-url 或 COZE_BASE_URL 设置）。"

    public static func chineseMessage(code: Int, serverMessage: String, logid: String?, service: CozeService = .coze) -> String {
        let said = serverMessage.isEmpty ? "" : "Coze 的说明：\"\(serverMessage)\"。"
        let reference = logid.map { "联系 Coze 客服时请提供日志 ID：\($0)。" } ?? ""
        let advice = service == .studio ? chineseStudioAdvice(for: code) ?? chineseAdvice(for: code) : chineseAdvice(for: code)
        return "Coze 拒绝了请求，错误码 \(code)。\(said)\(advice)\(reference)"
    }

    public static func chineseMessage(httpStatus: Int, isJSON: Bool, service: CozeService = .coze) -> String {
        let body = isJSON ? "" : "，内容不是 JSON"
        if service == .studio, let advice = chineseStudioAdvice(httpStatus: httpStatus) {
            return "Coze Studio 返回了 HTTP \(httpStatus)\(body)。\(advice)"
        }
        switch httpStatus {
        case 429:
            return "Coze 返回了 HTTP 429（请求过多）\(body)。请放慢速度，稍后重新放入文件。"
        case 502, 503, 504:
            return "Coze 网关返回了 HTTP \(httpStatus)\(body)。较长的同步运行可能在网关处超时，而工作流仍在运行：请查看运行历史，或对较长的工作流使用 \"mode\": \"async\"。"
        case 401, 403:
            return "Coze 返回了 HTTP \(httpStatus)\(body)：令牌被拒绝。\(regionHintChinese)"
        case 404:
            return "Coze 返回了 HTTP 404\(body)：地址不存在。请检查 API 地址。"
        case 500...599:
            return "Coze 返回了 HTTP \(httpStatus)（服务器错误）\(body)。请稍后重新放入文件。"
        default:
            return "Coze 返回了 HTTP \(httpStatus)\(body)，这不是结果。原始内容保存在 `response` 中。"
        }
    }

    /// The same advice as `advice(for:)`, in Chinese, for the summaries people read.
    public static func chineseAdvice(for code: Int) -> String {
        switch code {
        case 4000: "请对照工作流开始节点检查 `parameters`（名称、必填输入、类型），并确认 `bot_id` 和 `app_id` 没有同时设置。"
        case 4008: "这个账号今天的调用次数已用完；明天再试，或升级套餐。"
        case 4009: "Coze 繁忙；请稍后重新放入文件。"
        case 4011: "账号的 token 余额已用完；在 Coze 充值后重新放入文件。"
        case 4013: "工作流使用的模型出错；请稍后重新放入文件。"
        case 4019, 4022: "Coze 账号欠费；结清账单后重新放入文件。"
        case 4020: "每分钟调用次数超过套餐限制；放慢速度，稍后重新放入文件。"
        case 4100: "令牌无效（过期、被撤销或输错）。\(regionHintChinese)"
        case 4101: "令牌没有这个工作流的权限（检查其权限范围和工作空间）。\(regionHintChinese)"
        case 4102: "调用被 Coze 风控拦截；请检查参数内容。"
        case 4200: "没有已发布的工作流使用这个 `workflow_id`；请检查 ID，并确认工作流已发布。"
        case 4300...4304: "Coze 拒绝了上传的文件。请确认文件不是空的、不超过 512 MB，并且是工作流输入接受的类型（图片、文档等），然后连同文件重新放入请求。"
        case 4314: "Coze 找不到这个运行：可能已过期，或回答文件被改动过。请重新放入原始请求，开始新的运行。"
        case 4315: "这个运行已经结束：问题已回答过，或运行超时、回答次数已用完。请重新放入原始请求，开始新的运行。"
        case 5000: "Coze 内部错误；请稍后重新放入文件。"
        case 6003: "异步运行需要 Coze 付费套餐；请改用 \"mode\": \"sync\"，或升级套餐。"
        case 720_700_000...720_799_999: "工作流引擎报告了错误；打开调试链接查看是哪个节点失败，或稍后再试。"
        default: "请在 Coze 的错误码列表中查找这个错误码；如果有调试链接，也可以打开查看。"
        }
    }
}
