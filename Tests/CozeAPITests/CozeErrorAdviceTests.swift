@testable import CozeAPI
import Testing

@Test(arguments: Language.allCases, CozeService.allCases)
func noAdviceOfTheAPIClientNamesACommandLineFlag(language: Language, service: CozeService) {
    var texts = (CozeErrorAdvice.knownCodes + [1, 4999]).map {
        CozeErrorAdvice.message(code: $0, serverMessage: "said", logid: "log", service: service, language: language)
    }
    for status in CozeErrorAdvice.knownHTTPStatuses + [418] {
        texts.append(CozeErrorAdvice.message(httpStatus: status, isJSON: true, service: service, language: language))
        texts.append(CozeErrorAdvice.message(httpStatus: status, isJSON: false, service: service, language: language))
    }
    let problems: [BaseURLPolicy.Problem] = [.malformed("x"), .insecure("http://10.0.0.2"), .insecureStudio("http://8.8.8.8")]
    texts += problems.map(\.description)
    for text in texts {
        #expect(!text.contains(" --") && !text.contains("（--"), "\(text)")
    }
}

@Test func eachAdviceIsWrittenInBothLanguages() {
    for code in CozeErrorAdvice.knownCodes + [1] {
        let english = CozeErrorAdvice.advice(for: code, language: .en)
        let chinese = CozeErrorAdvice.advice(for: code, language: .zh)
        #expect(english != chinese)
        #expect(chinese.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(code): \(chinese)")
    }
}

@Test func theRegionHintNamesTheAddressSettingAndItsFlagComesFromTheFrontEnd() {
    let english = CozeErrorAdvice.message(code: 4100, serverMessage: "", logid: nil, language: .en)
    #expect(english.contains("api.coze.com") && english.contains("set the API address, the base URL, to match"))
    #expect(CozeErrorAdvice.setting(code: 4100) == .baseURL)
    #expect(CozeErrorAdvice.setting(code: 4100, service: .studio) == .token)
    #expect(CozeErrorAdvice.setting(code: 4200) == nil)
}
