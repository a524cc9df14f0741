import CozeAPI
import Foundation
import TestSupport
import Testing
import WorkflowJobs

private func failure(_ answer: ScriptedTransport.Answer, service: CozeService = .coze) async throws -> CozeFailure {
    var client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: ScriptedTransport([answer]).transport)
    client.service = service
    do {
        _ = try await client.run(WorkflowInvocation(workflowID: "1"), timeout: .seconds(5))
    } catch {
        return error
    }
    Issue.record("the call did not fail")
    return CozeFailure(kind: .http, message: "")
}

@Test func aRefusedTokenSaysInTheRecordWhereCozeDropTakesTheAddressFrom() async throws {
    let refused = try await failure(.json(401, #"{"code":4100,"msg":"auth"}"#))
    #expect(!refused.message.contains("--base-url"))
    let english = JobFailure(refused, language: .en).message
    #expect(english.contains("api.coze.com") && english.contains("--base-url") && english.contains("COZE_BASE_URL"))
    let chinese = JobFailure(refused, language: .zh).message
    #expect(chinese.contains("令牌无效") && chinese.contains("--base-url") && chinese.contains("API 地址用"))
}

@Test func aStudioTokenRefusalSaysWhereCozeDropTakesTheTokenFrom() async throws {
    let refused = try await failure(.json(200, #"{"code":700012006,"msg":"authentication failed"}"#), service: .studio)
    #expect(refused.setting == .token)
    #expect(JobFailure(refused, language: .en).message.contains("COZE_API_TOKEN, --token-file or --token-command"))
}

@Test func aFailureThatNamesNoSettingIsRecordedAsCozeWroteIt() async throws {
    let busy = try await failure(.json(200, #"{"code":4009,"msg":"busy"}"#))
    #expect(busy.setting == nil)
    #expect(JobFailure(busy, language: .en).message == busy.message)
    #expect(JobFailure(busy, language: .zh).message == busy.chineseMessage)
}
