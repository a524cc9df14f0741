import WorkflowJobs

extension DropAgent {
    /// With `keep_days`: a child of the loop's group that runs retention at start and then every
    /// `retentionInterval` (with `once`, one pass, finished before the agent stops). It runs on a
    /// thread of its own, off the job path; a stop ends it after the job being moved.
    func startRetention(_ group: inout DiscardingTaskGroup) {
        guard let keepDays = configuration.keepDays else { return }
        let keeper = RetentionKeeper(layout: layout, identity: configuration.identity, keepDays: keepDays, archive: configuration.archivesOldResults,
                                     fileSystem: fileSystem, wallClock: wallClock, events: events, isProcessAlive: store.isProcessAlive)
        group.addTask { [clock, configuration] in
            await keeper.keep(every: configuration.retentionInterval, clock: clock, once: configuration.once)
        }
    }
}
