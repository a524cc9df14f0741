import CozeAPI
import WorkflowJobs

extension AttachmentUploader {
    /// The agent's uploader: its blocking disk work waits its turn in the agent's bounded `DiskQueue`.
    init(client: CozeClient) {
        self.init(client: client, runBlocking: { work in await DiskQueue.run(work) })
    }
}
