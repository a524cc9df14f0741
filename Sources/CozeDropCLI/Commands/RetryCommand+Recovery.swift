import CozeAPI
import DropFolder
import Foundation
import Ledger

/// Before anything else, `retry` finishes or undoes what an earlier run cut off left behind.
extension RetryCommand {
    func recover(root: String, language l: Language) {
        let names = { (path: String) -> Set<String> in Set((try? fileSystem.namesInDirectory(path)) ?? []) }
        var folders: Set<String> = [""]
        for base in ["inbox", "failed", "outbox"] {
            for name in names("\(root)/\(base)") where !name.hasPrefix(".") {
                if (try? fileSystem.attributes(of: "\(root)/\(base)/\(name)"))??.kind == .directory { folders.insert(name) }
            }
        }
        for folder in folders.sorted() {
            let suffix = folder.isEmpty ? "" : "/\(folder)"
            let inbox = names("\(root)/inbox\(suffix)")
            guard inbox.contains(where: { $0.hasPrefix(RetryRecovery.movePrefix) })
                || names("\(root)/failed\(suffix)").contains(where: { $0.hasPrefix(RetryRecovery.movePrefix) })
                || (!folder.isEmpty && names("\(root)/outbox\(suffix)").contains(where: { $0.hasPrefix(RetryRecovery.movePrefix) })) else { continue }
            let recovery = RetryRecovery(folder: folder, inboxNames: inbox, failedNames: names("\(root)/failed\(suffix)"),
                                         outboxNames: folder.isEmpty ? [] : names("\(root)/outbox\(suffix)"))
            for step in recovery.steps {
                switch step {
                case .move(let from, let to): try? fileSystem.moveWithoutReplacing(from: "\(root)/\(from)", to: "\(root)/\(to)")
                case .remove(let path): try? fileSystem.removeFile("\(root)/\(path)")
                }
            }
            for done in recovery.finished {
                input.console.print(l.pick(en: "Finished a retry an earlier run left halfway: \(done).", zh: "完成了上一次中途停止的重试：\(done)。"))
            }
            for undone in recovery.undone {
                input.console.print(l.pick(en: "Undid a retry an earlier run left halfway: \(undone) is back as it was.", zh: "撤销了上一次中途停止的重试：\(undone) 已恢复原样。"))
            }
        }
    }
}
