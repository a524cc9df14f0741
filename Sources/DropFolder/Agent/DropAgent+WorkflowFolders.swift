import CozeAPI
import Foundation
import HotFolders
import WorkflowJobs

extension DropAgent {
    /// What a scan of the workflow folders found: names as `<NAME>/<file>`.
    struct DroppedScan {
        var candidates: [String] = []
        var present: Set<String> = []
        var ready: [ReadyFile] = []
    }

    /// Looks into each workflow folder of the inbox (a sub-folder with a `workflow.json`): which
    /// dropped files have settled. A folder whose `workflow.json` is wrong is said once and its
    /// files are left alone until it is fixed.
    func scanWorkflowFolders(_ inboxNames: [String], at now: Duration, _ state: inout LoopState) -> DroppedScan {
        var scan = DroppedScan()
        // Input files next to requests can be many: each is looked at once, not at every scan.
        state.inboxFiles.formIntersection(inboxNames)
        for folder in inboxNames.sorted() where !folder.hasPrefix(".") && !InboxNamePolicy.isCandidate(folder) && !state.inboxFiles.contains(folder) {
            let path = store.workflowFolderPath(folder)
            guard let attributes = try? fileSystem.attributes(of: path) else { continue }
            guard attributes.kind == .directory else {
                state.inboxFiles.insert(folder)
                continue
            }
            guard (try? fileSystem.attributes(of: "\(path)/workflow.json")) ?? nil != nil else { continue }
            let key = "workflow:\(folder)"
            let read = store.workflowSettings(of: folder)
            if case .failure(let problem) = read {
                problems.report(key, configuration.language.pick(
                    en: "inbox/\(folder)/workflow.json is not usable, so files dropped there are left alone until it is fixed: \(problem.description)",
                    zh: "inbox/\(folder)/workflow.json 无法使用，放在那里的文件在修正前不会被处理：\(problem.description)"))
                continue
            }
            problems.resolve(key, "inbox/\(folder)/workflow.json is usable again; picking up its files")
            if case .success(let settings) = read {
                notifier?.useFolderTargets(settings.notify, for: folder)
                // A budget new or changed is weighed before any of the folder's files is claimed.
                if noteTokenBudget(of: folder, settings.dailyTokenBudget) { _ = isHeldByTokenBudget() }
            }
            // The folder's own daily_token_budget is reached: its files wait where they are.
            if isWaitingForTokenBudget(folder) { continue }
            guard let names = try? fileSystem.namesInDirectory(path) else { continue }
            for name in names where DroppedName.isCandidate(name) {
                // Sub-folders are not run yet: they stay where they are.
                let dropped = "\(folder)/\(name)"
                if let settled = state.tracker.settledSignature(of: dropped) {
                    scan.candidates.append(dropped)
                    scan.present.insert(dropped)
                    scan.ready.append(ReadyFile(name: dropped, modified: (settled.modificationSeconds, settled.modificationNanoseconds), settled: settled))
                    continue
                }
                guard let file = try? fileSystem.attributes(of: "\(path)/\(name)") else { continue }
                var signature = SettleTracker.FileSignature(file)
                if file.kind == .directory {
                    // A sub-folder is one run once everything in it has settled.
                    guard let settled = folderSignature("\(path)/\(name)", signature) else { continue }
                    signature = settled
                }
                scan.candidates.append(dropped)
                scan.present.insert(dropped)
                if state.tracker.observe(dropped, signature, at: now) {
                    scan.ready.append(ReadyFile(name: dropped, modified: (file.modificationSeconds, file.modificationNanoseconds), seen: signature))
                }
            }
        }
        return scan
    }

    /// A sub-folder's signature from all its files (count, sizes, latest change), so it settles
    /// only once none of them changes; `nil` while it holds no file.
    private func folderSignature(_ path: String, _ folder: SettleTracker.FileSignature) -> SettleTracker.FileSignature? {
        guard let names = try? fileSystem.namesInDirectory(path) else { return nil }
        var signature = folder
        var count = 0
        for name in names where DroppedName.isSubFolderFile(name) {
            guard let file = try? fileSystem.attributes(of: "\(path)/\(name)") else { continue }
            count += 1
            signature.size += file.size + 1
            if (file.modificationSeconds, file.modificationNanoseconds) > (signature.modificationSeconds, signature.modificationNanoseconds) {
                signature.modificationSeconds = file.modificationSeconds
                signature.modificationNanoseconds = file.modificationNanoseconds
            }
        }
        return count == 0 ? nil : signature
    }
}
