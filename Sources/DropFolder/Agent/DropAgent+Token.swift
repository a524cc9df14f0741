import CozeAPI
import Foundation
import Synchronization
import WorkflowJobs

extension DropAgent {
    /// How often a token source is asked on its own while claims wait for a token.
    static let tokenProbeInterval = Duration.seconds(10)

    /// Follows the token broker: a line at each renewal (never the token), the status file's token entry.
    func followToken() async {
        let language = configuration.language
        await runner.client.credentials.observe { [self] event in
            switch event {
            case .renewed(let origin, let expiresAt):
                tokenState.withLock { $0 = TokenSnapshot(origin: origin, expiresAt: expiresAt) }
                let until = expiresAt.map { language.pick(en: ", valid until \(BeijingTime.iso8601($0))", zh: "，有效期至 \(BeijingTime.iso8601($0))") } ?? ""
                events.record(.tokenRenewed(language.pick(en: "token obtained from \(origin)\(until)", zh: "已从\(origin)获得令牌\(until)")))
            case .unavailable(let problem):
                tokenState.withLock { $0.problem = language.pick(en: problem.message, zh: problem.chinese) }
            }
        }
    }

    /// No valid token could be had: new runs wait (files stay in the inbox, the refused job in
    /// `processing/`), the console and the status file say why, once; work resumes by itself once
    /// the source gives a token again (see `isHeldForToken`).
    func holdForToken(_ reason: String) {
        let isNew = tokenHold.withLock { held -> Bool in
            defer { held = reason }
            return held == nil
        }
        guard isNew else { return }
        let message = configuration.language.pick(
            en: "no valid token (\(reason)): new files wait in the inbox and nothing is filed as failed; the token's source is asked again every \(Int(Self.tokenProbeInterval.inSeconds)) s",
            zh: "没有有效的令牌（\(reason)）：新文件留在收件箱中等待，不会被放入 failed/；每 \(Int(Self.tokenProbeInterval.inSeconds)) 秒重新向令牌来源获取一次")
        noteProblem(message)
        events.record(.problem(message))
    }

    /// Whether new runs wait for a token now; while they do, the source is asked again in the
    /// background every `tokenProbeInterval`, and a scan follows as soon as it answers.
    func isHeldForToken() -> Bool {
        guard tokenHold.withLock({ $0 }) != nil else { return false }
        let now = clock.now
        let due = tokenProbe.withLock { probe -> Bool in
            if probe.running || (probe.last.map { now - $0 < Self.tokenProbeInterval } ?? false) { return false }
            probe = (true, now)
            return true
        }
        if due {
            Task { [self] in
                let works = (try? await runner.client.credentials.renewNow()) != nil
                tokenProbe.withLock { $0.running = false }
                guard works else { return }
                tokenHold.withLock { $0 = nil }
                events.record(.problem(configuration.language.pick(en: "a valid token can be had again; picking up files",
                                                                   zh: "又可以获得有效的令牌了；继续处理文件")))
                tick()
            }
        }
        return true
    }
}
