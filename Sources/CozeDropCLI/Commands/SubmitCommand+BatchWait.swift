import CozeAPI
import DropFolder
import Foundation
import HotFolders
import OrderedJSON
import Spreadsheets
import WorkflowJobs

/// `submit TABLE --folder NAME --wait`: follows the batch through `status.json` and the workflow
/// folder's outbox and failed folders until it is finished or refused. What to show and when it is
/// finished are decided in HotFolders (`BatchWaitReporter`, `BatchWatch`); this only reads.
extension SubmitCommand {
    /// How often the folders and `status.json` are looked at.
    static let batchPollInterval: Duration = .milliseconds(200)
    /// How long a refused table's summary is waited for after the table arrived in `failed/`.
    static let summaryGrace: Duration = .seconds(2)

    func waitForBatch(_ watch: BatchWatch, root: String, timeout: Duration, language l: Language) async -> Int32 {
        let console = input.console
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout
        let layout = FolderLayout(root: root)
        let outbox = "\(layout.outbox)/\(watch.folder)"
        let failed = "\(layout.failed)/\(watch.folder)"
        let fileSystem = LocalFileSystem()
        var reporter = BatchWaitReporter(line: BatchWaitLine(language: l), isTerminal: console.isTerminal)
        var refusedSince: ContinuousClock.Instant?
        var lineOpen = false
        func endLine() {
            if lineOpen { console.show("\n") }
            lineOpen = false
        }
        while clock.now < deadline {
            let batches = FileManager.default.contents(atPath: layout.statusBoard)
                .flatMap { try? JSONParser().parse(bytes: Array($0)) }
                .map(BatchStatusEntry.all(inStatusBoard:)) ?? []
            let state = watch.state(outbox: (try? fileSystem.namesInDirectory(outbox)) ?? [], failed: (try? fileSystem.namesInDirectory(failed)) ?? [],
                                    batches: batches)
            switch state {
            case .finished(let resultsName):
                endLine()
                return finishedBatch(results: "\(outbox)/\(resultsName)", language: l)
            case .refused(let summaryName, let ready):
                let since = refusedSince ?? clock.now
                refusedSince = since
                guard ready || clock.now - since >= Self.summaryGrace else { break }
                endLine()
                let summary = "\(failed)/\(summaryName)"
                console.print(l.pick(en: "refused: the whole table \(watch.table) is in \(failed)/; not one row ran. \(summary):",
                                     zh: "整张表格 \(watch.table) 被拒绝，已移到 \(failed)/；没有运行任何一行。\(summary)："))
                let text = FileManager.default.contents(atPath: summary).map { String(decoding: $0, as: UTF8.self) }
                console.print(text ?? l.pick(en: "(no summary was written)", zh: "（没有写出说明）"))
                return ExitCode.usage
            case .running(let progress):
                show(reporter.update(progress, table: watch.table, at: (clock.now - start).inSeconds), &lineOpen)
            case .waiting:
                show(reporter.update(nil, table: watch.table, at: (clock.now - start).inSeconds), &lineOpen)
            }
            try? await Task.sleep(for: Self.batchPollInterval)
        }
        endLine()
        console.print(l.pick(en: "not finished within the timeout; \(watch.table) is still waiting or running (see coze-drop status --root \(root))",
                             zh: "在超时时间内没有完成；\(watch.table) 仍在等待或运行中（可运行 coze-drop status --root \(root) 查看）"))
        return ExitCode.timedOut
    }

    private func show(_ output: BatchWaitReporter.Output?, _ lineOpen: inout Bool) {
        switch output {
        case .redraw(let text)?:
            input.console.show("\r" + text + "\u{1B}[K")
            lineOpen = true
        case .line(let text)?:
            input.console.print(text)
        case nil:
            break
        }
    }

    /// Reads the results table and says how many rows succeeded: exit 0 when all did, 1 otherwise.
    private func finishedBatch(results: String, language l: Language) -> Int32 {
        let console = input.console
        let table = (try? LocalFileSystem().readFile(results, limit: Self.maximumTableBytes))
            .flatMap { try? TableReader().table(fileName: (results as NSString).lastPathComponent, bytes: $0) }
        guard let table else {
            console.print(l.pick(en: "finished, but \(results) cannot be read as a table; open it to see what happened.",
                                 zh: "已完成，但无法把 \(results) 读成表格；请打开它查看结果。"))
            return ExitCode.failure
        }
        let tally = BatchResultsTally(results: table)
        guard tally.hasStatusColumn else {
            console.print(l.pick(en: "finished, but \(results) has no status column; open it to see which rows succeeded.",
                                 zh: "已完成，但 \(results) 没有 status 列；请打开它查看哪些行成功了。"))
            return ExitCode.failure
        }
        console.print(l.pick(en: "finished: \(tally.succeeded) succeeded, \(tally.failed) failed; results: \(results)",
                             zh: "已完成：成功 \(tally.succeeded) 行，失败 \(tally.failed) 行；结果：\(results)"))
        return tally.allSucceeded ? ExitCode.success : ExitCode.failure
    }
}
