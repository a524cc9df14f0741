/// What a person should do about each error Coze reports, in one sentence or two.
public enum CozeErrorAdvice {
    static let regionHint = "The token may belong to the other Coze site: tokens made on coze.cn work only with https://api.coze.cn, tokens made on coze.com only with https://api.coze.com (set --base-url or COZE_BASE_URL)."

    public static func message(code: Int, serverMessage: String, logid: String?, service: CozeService = .coze) -> String {
        let said = serverMessage.isEmpty ? "" : " Coze said: \"\(serverMessage)\"."
        let reference = logid.map { " Log id for Coze support: \($0)." } ?? ""
        let advice = service == .studio ? studioAdvice(for: code) ?? advice(for: code) : advice(for: code)
        return "Coze refused the request with code \(code).\(said) \(advice)\(reference)"
    }

    static func advice(for code: Int) -> String {
        switch code {
        case 4000: return "Check `parameters` against the workflow's start node (names, required inputs, types) and that `bot_id` and `app_id` are not both set."
        case 4008: return "The daily call limit of this account is used up; try again tomorrow or raise the plan."
        case 4009: return "Coze is busy; drop the file again in a little while."
        case 4011: return "The account's token balance is used up; top it up on Coze, then drop the file again."
        case 4013: return "The model behind the workflow failed; drop the file again in a little while."
        case 4019, 4022: return "The Coze account is in arrears; settle the bill, then drop the file again."
        case 4020: return "Too many calls per minute for this plan; slow down and drop the file again later."
        case 4100: return "The token is not valid (expired, revoked or mistyped). \(regionHint)"
        case 4101: return "The token has no permission for this workflow (check its scopes and workspace). \(regionHint)"
        case 4102: return "Coze's risk control blocked the call; check the content of the parameters."
        case 4200: return "No published workflow has this `workflow_id`; check the id and that the workflow is published."
        case 4300...4304: return "Coze refused the uploaded file. Check that the file is not empty, is at most 512 MB, and is of a type the workflow's input accepts (an image, a document…), then drop the request again with the file."
        case 4314: return "Coze has no run with this id: it may have expired, or the answer file was edited. Drop the original request again to start a new run."
        case 4315: return "That run has already ended: the question was answered before, or the run timed out or used up its answers. Drop the original request again to start a new run."
        case 5000: return "Coze had an internal error; drop the file again in a little while."
        case 6003: return "Async runs need a paid Coze plan; use \"mode\": \"sync\" or upgrade the plan."
        case 720_700_000...720_799_999: return "The workflow engine reported an error; open the debug link to see which node failed, or try again after a short delay."
        default: return "Look up the code in Coze's error code list, or open the debug link if there is one."
        }
    }

    public static func message(httpStatus: Int, isJSON: Bool, service: CozeService = .coze) -> String {
        let body = isJSON ? "" : " with a body that is not JSON"
        if service == .studio, let advice = studioAdvice(httpStatus: httpStatus) {
            return "Coze Studio answered HTTP \(httpStatus)\(body). \(advice)"
        }
        switch httpStatus {
        case 429:
            return "Coze answered HTTP 429 (too many requests)\(body). Slow down and drop the file again later."
        case 502, 503, 504:
            return "Coze's gateway answered HTTP \(httpStatus)\(body). A long sync run may have timed out at the gateway while the workflow kept running: check the run history, or use \"mode\": \"async\" for long workflows."
        case 401, 403:
            return "Coze answered HTTP \(httpStatus)\(body): the token was refused. \(regionHint)"
        case 404:
            return "Coze answered HTTP 404\(body): the address does not exist. Check the base URL."
        case 500...599:
            return "Coze answered HTTP \(httpStatus) (a server error)\(body). Drop the file again in a little while."
        default:
            return "Coze answered HTTP \(httpStatus)\(body), which is not a result. The raw body is kept in `response`."
        }
    }
}
