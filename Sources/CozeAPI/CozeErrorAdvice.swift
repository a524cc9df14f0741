/// What a person should do about each error Coze reports, in one sentence or two, in English or
/// Chinese. Names settings in words, never a command-line flag: the front end adds those.
public enum CozeErrorAdvice {
    /// Every code the advice has words of its own for, hosted or Coze Studio (ranges by their ends).
    static let knownCodes = [4000, 4008, 4009, 4011, 4013, 4019, 4020, 4022, 4100, 4101, 4102, 4200, 4300, 4304, 4314, 4315,
                             5000, 6003, 6023, 6031, 6039, 720_700_000, 720_702_004, 720_799_999, studioAuthenticationFailed]
    /// Every HTTP status the advice has words of its own for.
    static let knownHTTPStatuses = [401, 403, 404, 429, 500, 502, 503, 504, 599]

    static func regionHint(_ l: Language) -> String {
        l.pick(en: "The token may belong to the other Coze site: tokens made on coze.cn work only with https://api.coze.cn, tokens made on coze.com only with https://api.coze.com (set the API address, the base URL, to match).",
               zh: "令牌可能属于另一个 Coze 站点：在 coze.cn 创建的令牌只能用于 https://api.coze.cn，在 coze.com 创建的只能用于 https://api.coze.com（请相应设置 API 地址，即 base URL）。")
    }

    /// The whole message for a non-zero business `code`: what Coze said, the advice, the log id.
    public static func message(code: Int, serverMessage: String, logid: String?, service: CozeService = .coze, language l: Language = .en) -> String {
        let advice = service == .studio ? studioAdvice(for: code, language: l) ?? advice(for: code, language: l) : advice(for: code, language: l)
        switch l {
        case .en:
            let said = serverMessage.isEmpty ? "" : " Coze said: \"\(serverMessage)\"."
            let reference = logid.map { " Log id for Coze support: \($0)." } ?? ""
            return "Coze refused the request with code \(code).\(said) \(advice)\(reference)"
        case .zh:
            let said = serverMessage.isEmpty ? "" : "Coze 的说明：\"\(serverMessage)\"。"
            let reference = logid.map { "联系 Coze 客服时请提供日志 ID：\($0)。" } ?? ""
            return "Coze 拒绝了请求，错误码 \(code)。\(said)\(advice)\(reference)"
        }
    }

    /// What to do about a business `code`, for the summaries people read.
    public static func advice(for code: Int, language l: Language = .en) -> String {
        switch code {
        case 4000: l.pick(en: "Check `parameters` against the workflow's start node (names, required inputs, types) and that `bot_id` and `app_id` are not both set.",
                          zh: "请对照工作流开始节点检查 `parameters`（名称、必填输入、类型），并确认 `bot_id` 和 `app_id` 没有同时设置。")
        case 4008: l.pick(en: "The daily call limit of this account is used up; try again tomorrow or raise the plan.",
                          zh: "这个账号今天的调用次数已用完；明天再试，或升级套餐。")
        case 4009: l.pick(en: "Coze is busy; drop the file again in a little while.",
                          zh: "Coze 繁忙；请稍后重新放入文件。")
        case 4011: l.pick(en: "The account's token balance is used up; top it up on Coze, then drop the file again.",
                          zh: "账号的 token 余额已用完；在 Coze 充值后重新放入文件。")
        case 4013: l.pick(en: "The model behind the workflow failed; drop the file again in a little while.",
                          zh: "工作流使用的模型出错；请稍后重新放入文件。")
        case 4019, 4022: l.pick(en: "The Coze account is in arrears; settle the bill, then drop the file again.",
                                zh: "Coze 账号欠费；结清账单后重新放入文件。")
        case 4020: l.pick(en: "Too many calls per minute for this plan; slow down and drop the file again later.",
                          zh: "每分钟调用次数超过套餐限制；放慢速度，稍后重新放入文件。")
        case 4100: l.pick(en: "The token is not valid (expired, revoked or mistyped). ",
                          zh: "令牌无效（过期、被撤销或输错）。") + regionHint(l)
        case 4101: l.pick(en: "The token has no permission for this workflow (check its scopes and workspace). ",
                          zh: "令牌没有这个工作流的权限（检查其权限范围和工作空间）。") + regionHint(l)
        case 4102: l.pick(en: "Coze's risk control blocked the call; check the content of the parameters.",
                          zh: "调用被 Coze 风控拦截；请检查参数内容。")
        case 4200: l.pick(en: "No published workflow has this `workflow_id`; check the id and that the workflow is published.",
                          zh: "没有已发布的工作流使用这个 `workflow_id`；请检查 ID，并确认工作流已发布。")
        case 4300...4304: l.pick(en: "Coze refused the uploaded file. Check that the file is not empty, is at most 512 MB, and is of a type the workflow's input accepts (an image, a document…), then drop the request again with the file.",
                                 zh: "Coze 拒绝了上传的文件。请确认文件不是空的、不超过 512 MB，并且是工作流输入接受的类型（图片、文档等），然后连同文件重新放入请求。")
        case 4314: l.pick(en: "Coze has no run with this id: it may have expired, or the answer file was edited. Drop the original request again to start a new run.",
                          zh: "Coze 找不到这个运行：可能已过期，或回答文件被改动过。请重新放入原始请求，开始新的运行。")
        case 4315: l.pick(en: "That run has already ended: the question was answered before, or the run timed out or used up its answers. Drop the original request again to start a new run.",
                          zh: "这个运行已经结束：问题已回答过，或运行超时、回答次数已用完。请重新放入原始请求，开始新的运行。")
        case 5000: l.pick(en: "Coze had an internal error; drop the file again in a little while.",
                          zh: "Coze 内部错误；请稍后重新放入文件。")
        case 6003: l.pick(en: "Async runs need a paid Coze plan; use \"mode\": \"sync\" or upgrade the plan.",
                          zh: "异步运行需要 Coze 付费套餐；请改用 \"mode\": \"sync\"，或升级套餐。")
        case 720_700_000...720_799_999: l.pick(en: "The workflow engine reported an error; open the debug link to see which node failed, or try again after a short delay.",
                                               zh: "工作流引擎报告了错误；打开调试链接查看是哪个节点失败，或稍后再试。")
        default: l.pick(en: "Look up the code in Coze's error code list, or open the debug link if there is one.",
                        zh: "请在 Coze 的错误码列表中查找这个错误码；如果有调试链接，也可以打开查看。")
        }
    }

    /// The whole message for an HTTP error status, or a body that is not JSON.
    public static func message(httpStatus: Int, isJSON: Bool, service: CozeService = .coze, language l: Language = .en) -> String {
        let body = isJSON ? "" : l.pick(en: " with a body that is not JSON", zh: "，内容不是 JSON")
        if service == .studio, let advice = studioAdvice(httpStatus: httpStatus, language: l) {
            return l.pick(en: "Coze Studio answered HTTP \(httpStatus)\(body). \(advice)",
                          zh: "Coze Studio 返回了 HTTP \(httpStatus)\(body)。\(advice)")
        }
        switch httpStatus {
        case 429:
            return l.pick(en: "Coze answered HTTP 429 (too many requests)\(body). Slow down and drop the file again later.",
                          zh: "Coze 返回了 HTTP 429（请求过多）\(body)。请放慢速度，稍后重新放入文件。")
        case 502, 503, 504:
            return l.pick(en: "Coze's gateway answered HTTP \(httpStatus)\(body). A long sync run may have timed out at the gateway while the workflow kept running: check the run history, or use \"mode\": \"async\" for long workflows.",
                          zh: "Coze 网关返回了 HTTP \(httpStatus)\(body)。较长的同步运行可能在网关处超时，而工作流仍在运行：请查看运行历史，或对较长的工作流使用 \"mode\": \"async\"。")
        case 401, 403:
            return l.pick(en: "Coze answered HTTP \(httpStatus)\(body): the token was refused. \(regionHint(l))",
                          zh: "Coze 返回了 HTTP \(httpStatus)\(body)：令牌被拒绝。\(regionHint(l))")
        case 404:
            return l.pick(en: "Coze answered HTTP 404\(body): the address does not exist. Check the base URL.",
                          zh: "Coze 返回了 HTTP 404\(body)：地址不存在。请检查 API 地址。")
        case 500...599:
            return l.pick(en: "Coze answered HTTP \(httpStatus) (a server error)\(body). Drop the file again in a little while.",
                          zh: "Coze 返回了 HTTP \(httpStatus)（服务器错误）\(body)。请稍后重新放入文件。")
        default:
            return l.pick(en: "Coze answered HTTP \(httpStatus)\(body), which is not a result. The raw body is kept in `response`.",
                          zh: "Coze 返回了 HTTP \(httpStatus)\(body)，这不是结果。原始内容保存在 `response` 中。")
        }
    }

    /// The connection setting the advice for `code` asks to change, if any.
    public static func setting(code: Int, service: CozeService = .coze) -> ConnectionSetting? {
        switch (code, service) {
        case (4100, .coze), (4101, .coze): .baseURL
        case (4100, .studio), (4101, .studio), (studioAuthenticationFailed, .studio): .token
        default: nil
        }
    }

    /// The connection setting the advice for an HTTP `httpStatus` asks to change, if any.
    public static func setting(httpStatus: Int, service: CozeService = .coze) -> ConnectionSetting? {
        switch (httpStatus, service) {
        case (401, .coze), (403, .coze), (404, _): .baseURL
        case (401, .studio), (403, .studio): .token
        default: nil
        }
    }
}
