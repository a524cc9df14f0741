/// Advice for a self-hosted Coze Studio: no coze.cn/coze.com sites, no plans or bills, and no
/// `/v1/workflows/resume`. `nil` where the hosted advice fits as it is.
extension CozeErrorAdvice {
    /// Coze Studio's answer to a token it does not know (HTTP 200): read like 4100.
    public static let studioAuthenticationFailed = 700_012_006

    static func studioToken(_ l: Language) -> String {
        l.pick(en: "Use a personal access token (pat_…) made in this Coze Studio, whose user is a member of the workflow's space (give it in the token setting).",
               zh: "请使用在这个 Coze Studio 中创建的个人访问令牌（pat_…），并确认令牌的用户是工作流所在空间的成员（在令牌设置中提供）。")
    }

    static func studioQuestion(_ l: Language) -> String {
        l.pick(en: "The workflow asks a question, and Coze Studio cannot answer questions of sync or async runs (it has no /v1/workflows/resume). Use \"mode\": \"stream\" for this workflow.",
               zh: "工作流提出了问题，而 Coze Studio 无法回答同步或异步运行的问题（它没有 /v1/workflows/resume）。请对这个工作流使用 \"mode\": \"stream\"。")
    }

    static func studioAdvice(for code: Int, language l: Language = .en) -> String? {
        switch code {
        case 4100, studioAuthenticationFailed: l.pick(en: "The token is not valid. ", zh: "令牌无效。") + studioToken(l)
        case 4101: l.pick(en: "The token's user has no permission for this workflow. ", zh: "令牌的用户没有这个工作流的权限。") + studioToken(l)
        case 4200, 720_702_004: l.pick(en: "Coze Studio has no published workflow with this `workflow_id`; check the id and that the workflow is published.",
                                       zh: "Coze Studio 中没有使用这个 `workflow_id` 的已发布工作流；请检查 ID，并确认工作流已发布。")
        case 6031: l.pick(en: "The workflow is not published; publish it in Coze Studio, then drop the file again.",
                          zh: "工作流尚未发布；请在 Coze Studio 中发布后重新放入文件。")
        case 6039: studioQuestion(l)
        case 6023: l.pick(en: "The run took longer than Coze Studio allows a sync call; use \"mode\": \"async\" or \"mode\": \"stream\" for this workflow.",
                          zh: "运行时间超过了 Coze Studio 对同步调用的限制；请对这个工作流使用 \"mode\": \"async\" 或 \"mode\": \"stream\"。")
        default: nil
        }
    }

    static func studioAdvice(httpStatus: Int, language l: Language = .en) -> String? {
        switch httpStatus {
        case 401, 403: l.pick(en: "The token was refused, or the address is not one Coze Studio opens to tokens. ",
                              zh: "令牌被拒绝，或者这个地址不接受令牌访问。") + studioToken(l)
        case 404: l.pick(en: "The address does not exist; check the base URL (Coze Studio listens on http://127.0.0.1:8888 by default).",
                         zh: "地址不存在；请检查 API 地址（Coze Studio 默认监听 http://127.0.0.1:8888）。")
        case 502, 503, 504: l.pick(en: "The nginx in front of Coze Studio could not reach its server; check that all of Coze Studio's containers run (docker compose ps), then drop the file again.",
                                   zh: "Coze Studio 前面的 nginx 无法连接它的服务；请确认 Coze Studio 的所有容器都在运行（docker compose ps），然后重新放入文件。")
        default: nil
        }
    }
}
