import CozeAPI
import Foundation
import Synchronization
import WorkflowJobs

extension DropAgent {
    /// Coze said the day's usage is used up (4008): nothing ran. New runs wait (files stay in the
    /// inbox, a refused job stays in `processing/`) until `DailyLimitPause` says to try again;
    /// the console and the status file say why, once.
    func pauseForDailyLimit() {
        let now = wallClock()
        let until = DailyLimitPause.resumeTime(after: now)
        let wasPaused = dailyLimitUntil.withLock { held -> Bool in
            defer { held = max(held ?? until, until) }
            return held.map { $0 > now } ?? false
        }
        guard !wasPaused else { return }
        let time = String(BeijingTime.iso8601(until).dropFirst(11).prefix(5))
        let message = configuration.language.pick(
            en: "Coze's daily usage limit is used up (code 4008, \"try again tomorrow\"): new files wait in the inbox, nothing is filed as failed; trying again at \(time) Beijing time",
            zh: "Coze 今日的使用次数已用完（错误码 4008，“请明天再试”）：新文件留在收件箱中等待，不会被放入 failed/；将在北京时间 \(time) 再试")
        noteProblem(message)
        events.record(.problem(message))
    }

    /// Whether new runs are held back by the daily limit now; says so when the hold has just ended.
    func isHeldByDailyLimit() -> Bool {
        let now = wallClock()
        let ended = dailyLimitUntil.withLock { held -> Bool in
            guard let until = held else { return false }
            if until > now { return false }
            held = nil
            return true
        }
        if ended {
            events.record(.problem(configuration.language.pick(en: "trying new runs again after Coze's daily usage limit (4008)",
                                                               zh: "Coze 每日使用次数限制（4008）后，重新尝试新的运行")))
            return false
        }
        return dailyLimitUntil.withLock { $0 != nil }
    }
}
