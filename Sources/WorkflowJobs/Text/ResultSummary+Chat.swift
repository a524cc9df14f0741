import CozeAPI

extension ResultSummary {
    /// A chat waiting for the user's answer: the question, and how to answer in the same conversation.
    static func chatQuestion(_ result: JobResult, sourceFile: String, answerFile: String?, language l: Language) -> [String] {
        let question = result.chatTranscript?.question ?? ""
        let answer = answerFile ?? "NAME.answer.json"
        return [
            l.pick(en: "? \(sourceFile): the chatflow asks a question and waits for your answer.",
                   zh: "? \(sourceFile)：对话流提出了一个问题，正在等待你的回答。"),
            "",
            l.pick(en: "Question: \(question)", zh: "问题：\(question)"),
            "",
            l.pick(en: "How to answer: open \(answer), write your answer between the quotes after \"message\", and save it into the inbox folder. The chat goes on in the same conversation.",
                   zh: "如何回答：打开 \(answer)，在 \"message\" 后面的引号中写上回答，然后保存到收件箱（inbox）文件夹。对话会在同一个会话中继续。"),
        ]
    }
}
