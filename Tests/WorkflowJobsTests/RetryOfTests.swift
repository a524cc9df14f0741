import CozeAPI
import Foundation
import OrderedJSON
import Testing
import WorkflowJobs

/// `retry_of`: accepted in a request, carried into the record and told in the summary.
@Suite struct RetryOfTests {
    @Test func aRetriedRequestCarriesRetryOfIntoItsRecordAndSummary() throws {
        let request = try RequestFileParser.parse(Array(#"{"workflow_id": "1", "parameters": {}, "retry_of": "failed/a.response.json"}"#.utf8))
        #expect(request.retryOf == "failed/a.response.json")
        #expect(request.invocation.describedBody["retry_of"] == nil)
        var result = JobResult(status: .failed, mode: .sync, startedAt: Date(timeIntervalSince1970: 0))
        result.error = JobFailure(kind: .network, message: "broken")
        result.retryOf = request.retryOf
        let record = ResultRecord.json(for: result, sourceFile: "a.json", simulated: true)
        #expect(record["retry_of"]?.stringValue == "failed/a.response.json")
        let english = ResultSummary.text(for: result, sourceFile: "a.json", record: "a_2.response.json", answerFile: nil, language: .en)
        #expect(english.contains("This run was a retry of failed/a.response.json"))
        let chinese = ResultSummary.text(for: result, sourceFile: "a.json", record: "a_2.response.json", answerFile: nil, language: .zh)
        #expect(chinese.contains("这次运行是对 failed/a.response.json"))
    }

    @Test func aRecordOfAFirstAttemptHasNoRetryOf() {
        let result = JobResult(status: .success, mode: .sync, startedAt: Date(timeIntervalSince1970: 0))
        #expect(ResultRecord.json(for: result, sourceFile: "a.json", simulated: true)["retry_of"] == nil)
        #expect(!ResultSummary.text(for: result, sourceFile: "a.json", record: "a.response.json", answerFile: nil, language: .en).contains("retry"))
    }

    @Test(arguments: [(#"{"workflow_id": "1", "retry_of": 3}"#, "`retry_of` must be the path of the earlier attempt's record as text"),
                      (#"{"workflow_id": "1", "retry_of": ""}"#, "such as \"failed/a.response.json\""),
                      (#"{"workflow_id": "1", "retry_off": "x"}"#, "did you mean `retry_of`?")])
    func aWrongRetryOfSaysWhatToWrite(text: String, expected: String) {
        #expect(throws: RequestProblem.self) { try RequestFileParser.parse(Array(text.utf8)) }
        do {
            _ = try RequestFileParser.parse(Array(text.utf8))
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}
