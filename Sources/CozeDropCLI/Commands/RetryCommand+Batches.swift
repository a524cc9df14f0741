import CozeAPI
import DropFolder
import Foundation
import Ledger
import OrderedJSON
import Spreadsheets

/// The batch form of `retry`: the rows of a filed table that did not succeed go back into its
/// workflow folder as a new table. The decisions are a `BatchRetryPlan`; this reads and writes.
extension RetryCommand {
    /// Every batch in `outbox/<NAME>/` with a `.failed.csv` and its `.results.csv`.
    func filedBatches(root: String) -> [BatchRetryPlan.Batch] {
        let outbox = "\(root)/outbox"
        var batches: [BatchRetryPlan.Batch] = []
        for folder in ((try? fileSystem.namesInDirectory(outbox)) ?? []).sorted() where !folder.hasPrefix(".") {
            let directory = "\(outbox)/\(folder)"
            guard (try? fileSystem.attributes(of: directory))??.kind == .directory else { continue }
            let names = Set((try? fileSystem.namesInDirectory(directory)) ?? [])
            for name in names.sorted() where name.hasSuffix(".failed.csv") && !name.hasPrefix(".") {
                let stem = String(name.dropLast(".failed.csv".count))
                guard names.contains("\(stem).results.csv"),
                      let failedBytes = try? fileSystem.readFile("\(directory)/\(name)", limit: 256 << 20),
                      let resultBytes = try? fileSystem.readFile("\(directory)/\(stem).results.csv", limit: 256 << 20),
                      let failed = try? TableReader().table(fileName: name, bytes: failedBytes),
                      let results = try? TableReader().table(fileName: "\(stem).results.csv", bytes: resultBytes) else { continue }
                let record = (try? fileSystem.readFile("\(directory)/\(stem).response.json", limit: 64 << 20)).flatMap { try? JSONParser().parse(bytes: $0) }
                batches.append(BatchRetryPlan.Batch(folder: folder, stem: stem, results: results, failed: failed, record: record))
            }
        }
        return batches
    }

    /// Carries out the batch plan and says what happened; returns the number of problems.
    /// 1. the new table is written under a hidden name in the inbox folder; 2. the `.failed.csv` is
    /// set aside under a hidden name and the rows left are written in its place; 3. the new table goes
    /// under its name (from here on it counts as done); 4. the set-aside copy goes. A failure before 3
    /// puts everything back; a run cut off is undone by the next one (see `RetryRecovery`).
    func carryOut(_ plan: BatchRetryPlan, root: String, language l: Language) -> Int {
        var problems = 0
        for refusal in plan.refusals {
            let row = refusal.row.number.map { l.pick(en: "row \($0)", zh: "第 \($0) 行") } ?? l.pick(en: "a row", zh: "一行")
            let where_ = "outbox/…/\(refusal.batch).failed.csv"
            switch refusal.reason {
            case .interrupted:
                input.console.error(l.pick(
                    en: "\(where_), \(row) not retried: its run was interrupted and may have finished on Coze (running it again could do the work twice). Check its execute_id in the .results.csv in Coze first, then add --force to retry it anyway.",
                    zh: "\(where_) \(row)未重试：它的运行被中断，可能已在 Coze 上完成（再运行一次可能重复处理）。请先按 .results.csv 中的 execute_id 在 Coze 中查看，确需重试时加 --force。"))
            case .needsInput:
                input.console.error(l.pick(
                    en: "\(where_), \(row) not retried: the workflow asked a question and waits for the answer; fill in its answer file in the outbox and drop it into the folder, or add --force to run the row again from the start.",
                    zh: "\(where_) \(row)未重试：工作流提出了问题，正在等待回答；请填写发件箱中它的回答文件并放入文件夹，或加 --force 从头重新运行这一行。"))
            }
        }
        for item in plan.items {
            let rows = item.rows.map { $0.number.map(String.init) ?? "?" }.joined(separator: ", ")
            do throws(FileSystemError) {
                try carryOut(item, root: root)
                let left = item.remaining.isEmpty ? "" : l.pick(en: "; \(item.remaining.count) row(s) stay in \(item.batch.outbox)/\(item.batch.failedCSV)",
                                                                 zh: "；\(item.remaining.count) 行留在 \(item.batch.outbox)/\(item.batch.failedCSV) 中")
                input.console.print(l.pick(
                    en: "\(item.batch.outbox)/\(item.batch.failedCSV): \(item.rows.count) row(s) (\(rows)) → \(item.path)\(left); the earlier results stay in \(item.batch.outbox)/\(item.batch.stem).results.csv.",
                    zh: "\(item.batch.outbox)/\(item.batch.failedCSV)：\(item.rows.count) 行（\(rows)）→ \(item.path)\(left)；上一次的结果保留在 \(item.batch.outbox)/\(item.batch.stem).results.csv。"))
            } catch {
                problems += 1
                input.console.error(l.pick(
                    en: "\(item.batch.outbox)/\(item.batch.failedCSV) could not be put back (\(error)); it is as it was. Check the folders' permissions and try again.",
                    zh: "\(item.batch.outbox)/\(item.batch.failedCSV) 无法放回（\(error)）；一切保持原样。请检查文件夹权限后重试。"))
            }
        }
        return problems
    }

    func carryOut(_ item: BatchRetryPlan.Item, root: String) throws(FileSystemError) {
        let failedCSV = "\(root)/\(item.batch.outbox)/\(item.batch.failedCSV)"
        let temporary = "\(root)/\(item.temporary)"
        let backup = "\(root)/\(item.backup)"
        if try fileSystem.attributes(of: "\(root)/\(item.batch.inbox)") == nil { try fileSystem.createDirectory("\(root)/\(item.batch.inbox)") }
        try? fileSystem.removeFile(temporary)
        try fileSystem.writeNewFile(CSVWriter().bytes(header: item.header, rows: item.rows.map(\.cells)), to: temporary, permissions: 0o644)
        do throws(FileSystemError) {
            try fileSystem.moveWithoutReplacing(from: failedCSV, to: backup)
            do throws(FileSystemError) {
                if !item.remaining.isEmpty {
                    try fileSystem.writeNewFile(CSVWriter().bytes(header: item.header, rows: item.remaining), to: failedCSV, permissions: 0o644)
                }
                try fileSystem.moveWithoutReplacing(from: temporary, to: "\(root)/\(item.path)")
            } catch {
                if !item.remaining.isEmpty { try? fileSystem.removeFile(failedCSV) }
                try? fileSystem.moveWithoutReplacing(from: backup, to: failedCSV)
                throw error
            }
        } catch {
            try? fileSystem.removeFile(temporary)
            throw error
        }
        try? fileSystem.removeFile(backup)
    }
}
