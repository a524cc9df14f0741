import WorkflowJobs

extension DropAgent {
    /// With `keep_days`: a child of the loop's group that runs retention at start and then every
    /// `retentionInterval` (with `once`, one pass, finished before the agent stops). It runs on a
    /// thread of its own, off the job path; a stop ends it after the job being moved.
    func startRetention(_ group: inout DiscardingTaskGroup) {
        guard let keepDays = configuration.keepDays else { return }
        let keeper = RetentionKeeper(layout: layout, identity: configuration.identity, keepDays: keepDays, archive: configuration.archivesOldResults,
                                     fileSystem: fileSystem, wallClock: wallClock, events: events, isProcessAlive: store.isProcessAlive)
        let once = configuration.once
        let interval = configuration.retentionInterval
        group.addTask { [clock] in
            while true {
                _ = await keeper.pass(stoppable: !once)
                if once { return }
                guard (try? await clock.sleep(for: interval)) != nil else { return }
            }
        }
    }
}
