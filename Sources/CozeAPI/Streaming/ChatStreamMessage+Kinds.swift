extension ChatStreamMessage {
    /// Whether it is text for the user (`type: answer`).
    public var isAnswer: Bool { type == "answer" }

    /// Whether it is the `verbose` message saying the chatflow waits for the user's input.
    public var isInterrupt: Bool { verboseType == "interrupt" }
}
