extension NotificationMessage {
    /// The message telling about `events` (oldest first, at least one), which waited for at most
    /// `span` seconds, after `dropped` older ones were dropped. Written in the first event's language.
    public static func folding(_ events: [NotificationEvent], span: Double, dropped: Int = 0, namesListed: Int = 3) -> NotificationMessage {
        precondition(!events.isEmpty, "a message tells about at least one event")
        let language = events[0].language
        var paragraphs: [String] = []
        var kindsSeen: [NotificationEvent.Kind] = []
        for event in events where !kindsSeen.contains(event.kind) { kindsSeen.append(event.kind) }
        for kind in kindsSeen {
            let group = events.filter { $0.kind == kind }
            if group.count == 1 {
                paragraphs.append(group[0].text)
            } else {
                paragraphs.append(summary(of: kind, group, span: span, namesListed: namesListed, language: language))
            }
        }
        if dropped > 0 {
            paragraphs.append(language.pick(
                en: "(\(dropped) older notification\(dropped == 1 ? " was" : "s were") dropped because too many were waiting.)",
                zh: "（等待发送的通知过多，已丢弃较早的 \(dropped) 条。）"))
        }
        let title = events.count == 1 ? title(of: events[0].kind, language: language)
            : language.pick(en: "coze-drop: \(events.count) notifications", zh: "coze-drop：\(events.count) 条通知")
        return NotificationMessage(title: title, text: paragraphs.joined(separator: "\n\n"), events: events, droppedEvents: dropped, language: language)
    }

    static func title(of kind: NotificationEvent.Kind, language: NotificationLanguage) -> String {
        switch kind {
        case .failed: language.pick(en: "coze-drop: a request failed", zh: "coze-drop：请求失败")
        case .needsInput: language.pick(en: "coze-drop: a workflow is waiting for an answer", zh: "coze-drop：工作流在等待回答")
        case .succeeded: language.pick(en: "coze-drop: a request succeeded", zh: "coze-drop：请求成功")
        case .batchDone: language.pick(en: "coze-drop: a batch finished", zh: "coze-drop：一批请求已完成")
        case .agentProblem: language.pick(en: "coze-drop: the agent has a problem", zh: "coze-drop：watch 出现问题")
        case .agentStarted: language.pick(en: "coze-drop: the agent started", zh: "coze-drop：watch 已启动")
        case .agentStopped: language.pick(en: "coze-drop: the agent stopped", zh: "coze-drop：watch 已停止")
        }
    }

    private static func summary(of kind: NotificationEvent.Kind, _ group: [NotificationEvent], span: Double, namesListed: Int, language: NotificationLanguage) -> String {
        let count = group.count
        let minutes = max(1, Int((span / 60).rounded(.up)))
        let inEnglish = minutes == 1 ? "in the last minute" : "in the last \(minutes) minutes"
        let inChinese = "最近 \(minutes) 分钟内"
        let head = switch kind {
        case .failed: language.pick(en: "\(count) requests failed \(inEnglish)", zh: "\(inChinese)有 \(count) 个请求失败")
        case .needsInput: language.pick(en: "\(count) workflows are waiting for an answer", zh: "\(count) 个工作流在等待回答")
        case .succeeded: language.pick(en: "\(count) requests succeeded \(inEnglish)", zh: "\(inChinese)有 \(count) 个请求成功")
        case .batchDone: language.pick(en: "\(count) batches finished \(inEnglish)", zh: "\(inChinese)有 \(count) 批请求完成")
        case .agentProblem: language.pick(en: "The agent had \(count) problems \(inEnglish)", zh: "\(inChinese) watch 出现 \(count) 个问题")
        case .agentStarted: language.pick(en: "The agent started \(count) times \(inEnglish)", zh: "\(inChinese) watch 启动了 \(count) 次")
        case .agentStopped: language.pick(en: "The agent stopped \(count) times \(inEnglish)", zh: "\(inChinese) watch 停止了 \(count) 次")
        }
        let names = group.compactMap { $0.file ?? $0.folder }
        var distinct: [String] = []
        for name in names where !distinct.contains(name) { distinct.append(name) }
        guard !distinct.isEmpty else { return head + language.pick(en: ".", zh: "。") }
        let shown = distinct.prefix(namesListed)
        let more = count - shown.count
        switch language {
        case .en:
            return head + ": " + shown.joined(separator: ", ") + (more > 0 ? " and \(more) more." : ".")
        case .zh:
            return head + "：" + shown.joined(separator: "、") + (more > 0 ? " 等 \(count) 个。" : "。")
        }
    }
}
