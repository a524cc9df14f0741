/// What `coze-drop init` writes into a new shared folder: a README.txt in each folder, in Chinese
/// and English, saying what goes there, and an example request that is not picked up.
public enum FolderGuide {
    public static let exampleName = "example.json.sample"

    public static let example = """
        {
          "workflow_id": "7366468917055111111",
          "parameters": {"user_name": "George", "city": "北京"}
        }

        """

    /// README.txt text by folder name.
    public static let readmes: [(folder: String, text: String)] = [
        ("", """
            CozeDrop shared folder
            ======================
            Put a request (a .json file) into inbox/. The agent runs the Coze workflow it names and moves
            the request, with its result, into outbox/ (success, or a question waiting for your answer)
            or failed/ (with what to do). Next to each result, NAME.result.txt says in a few lines what
            happened. status.json shows whether an agent is running (or run: coze-drop status).

            CozeDrop 共享文件夹
            ==================
            把请求（一个 .json 文件）放进 inbox/。代理会运行其中指定的 Coze 工作流，然后把请求和结果一起移到
            outbox/（成功，或有问题等待你回答）或 failed/（附带处理方法）。每个结果旁边的 NAME.result.txt
            用几行字说明发生了什么。status.json 显示是否有代理在运行（也可以运行 coze-drop status）。

            """),
        ("inbox", """
            Drop request files here: one .json file per workflow run. Copy example.json.sample, rename
            it to something.json, put your workflow_id and parameters in, save. Files named in the
            request as {"$file": "photo.jpg"} go here too, next to it. Answers to a workflow's question
            (NAME.answer.json from outbox/, filled in) also go here. Files starting with "." or "~" and
            *.tmp / *.part files are ignored, so half-written files are safe.

            把请求文件放在这里：每次运行一个 .json 文件。复制 example.json.sample，改名为 xxx.json，填入
            workflow_id 和 parameters 后保存。请求中以 {"$file": "photo.jpg"} 引用的文件也放在这里。
            回答工作流的问题时，把 outbox/ 中填好的 NAME.answer.json 也放到这里。以 "." 或 "~" 开头的文件
            以及 *.tmp / *.part 文件会被忽略，所以还没写完的文件是安全的。

            """),
        ("outbox", """
            Finished requests land here: NAME.json is your request, unchanged; NAME.response.json the
            full result record; NAME.result.txt a short summary to read first. A workflow that asks a
            question also leaves NAME.answer.json: write your answer in it and save it into inbox/.

            完成的请求放在这里：NAME.json 是原始请求；NAME.response.json 是完整的结果记录；NAME.result.txt
            是先看的简短说明。如果工作流提出了问题，还会有 NAME.answer.json：在其中写上回答，保存到 inbox/。

            """),
        ("failed", """
            Requests that did not succeed land here, with NAME.response.json (the "error" says what went
            wrong) and NAME.result.txt (what to do next). Nothing is retried from here: fix the request
            and put it back into inbox/.

            没有成功的请求放在这里，附带 NAME.response.json（"error" 说明出了什么问题）和 NAME.result.txt
            （下一步怎么做）。这里的文件不会自动重试：修正请求后放回 inbox/。

            """),
        ("processing", """
            The agents' work in progress: leave this folder alone. Each agent has its own folder here;
            after a crash, the next start finishes or reports every job, without running anything twice.

            代理正在处理的任务：请不要改动这个文件夹。每个代理在这里有自己的文件夹；程序崩溃后，下次启动会
            完成或报告每个任务，不会重复运行。

            """),
    ]
}
