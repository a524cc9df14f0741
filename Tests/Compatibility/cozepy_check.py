#!/usr/bin/env python3
"""Keeps the simulator honest: the official Python SDK (cozepy, from PyPI) streams and resumes runs,
and chats with chatflows (`workflows.chat.stream`), against `coze-drop simulator`, and what it reads must match what our client reads from the same
scenarios (`coze-drop run` records). Async runs with trimmed outputs too: cozepy polls `run_histories`, reads
`is_output_trimmed` and `node_execute_status`, and fetches each node from `execute_nodes`. Its `JWTOAuthApp` also gets
tokens from a simulator started with the `--oauth-…` flags (a key pair made with openssl at run time) and runs a
workflow with one. Exits non-zero on any difference.

    python3 Tests/Compatibility/cozepy_check.py PATH/TO/coze-drop
"""
import json, logging, os, re, subprocess, sys, tempfile, time, urllib.request

from cozepy import ChatEventType, Coze, CozeAPIError, JWTOAuthApp, Message, TokenAuth, WorkflowEventType, WorkflowExecuteStatus

SCENARIOS = {
    "chunks": {"city": "北京", "_simulate": {"chunks": 4}},
    "pings": {"_simulate": {"running_ms": 300, "ping_ms": 100}},
    "error": {"_simulate": {"fail": "node LLM failed"}},
    "question": {"_simulate": {"interrupt": "Which colour?", "questions": 2}},
    # A renamed End node in text mode, its answer streamed in chunks.
    "end chunks": {"_simulate": {"end_text": "春眠不觉晓，处处闻啼鸟", "end_title": "结束", "chunks": 3}},
}
LONG_TEXT = "零的奇妙冒险。" * 30
# Async runs whose Output node's text the history cuts short (`is_output_trimmed`); `execute_nodes` has it whole, or lost.
ASYNC_SCENARIOS = {
    "trimmed": {"city": "北京", "_simulate": {"trimmed": LONG_TEXT}},
    "trimmed lost": {"_simulate": {"trimmed": LONG_TEXT, "trimmed_lost": True}},
}
ANSWERS = ["blue", "green"]
# Chatflows: (ids, parameters); a question is answered in the same conversation with the next of ANSWERS.
CHAT_SCENARIOS = {
    "chat": ({"app_id": "7442243377780000000"}, {"city": "北京", "_simulate": {"chunks": 4}}),
    "chat question": ({"bot_id": "7439828073000000000"}, {"_simulate": {"interrupt": "Which city?"}}),
    "chat failed": ({"app_id": "7442243377780000000"}, {"_simulate": {"fail": "node LLM failed"}}),
}
CHAT_MESSAGE = "Tell me a joke"


def start_simulator(binary, *flags):
    process = subprocess.Popen([binary, "simulator", "--port", "0", *flags], stdout=subprocess.PIPE, text=True)
    url = re.search(r"(http://127\.0\.0\.1:\d+)", process.stdout.readline()).group(1)
    return process, url


def sdk_events(stream):
    """What cozepy read, event by event, in a plain form."""
    seen = []
    for event in stream:
        entry = {"id": event.id, "event": event.event.value}
        if event.event == WorkflowEventType.MESSAGE:
            message = event.message
            entry.update(content=message.content, node_title=message.node_title, node_seq_id=message.node_seq_id,
                         node_is_finish=message.node_is_finish)
        elif event.event == WorkflowEventType.ERROR:
            entry.update(error_code=event.error.error_code, error_message=event.error.error_message)
        elif event.event == WorkflowEventType.INTERRUPT:
            entry.update(event_id=event.interrupt.interrupt_data.event_id, type=event.interrupt.interrupt_data.type,
                         node_title=event.interrupt.node_title)
        else:
            entry["event"] = event.unknown.get("event", "unknown")
        seen.append(entry)
    return seen


def sdk_run(coze, parameters):
    """Streams the run with cozepy and answers its questions; one list of events per stream."""
    streams = [sdk_events(coze.workflows.runs.stream(workflow_id="73664689170551", parameters=parameters))]
    for answer in ANSWERS:
        last = streams[-1][-1] if streams[-1] else {}
        if last.get("event") != "Interrupt":
            break
        streams.append(sdk_events(coze.workflows.runs.resume(workflow_id="73664689170551", event_id=last["event_id"],
                                                             resume_data=answer, interrupt_type=last["type"])))
    return streams


def our_run(binary, url, parameters, folder):
    """Runs the same with `coze-drop run`, answering through answer files; one record per stream."""
    records = []
    request = {"workflow_id": "73664689170551", "mode": "stream", "parameters": parameters}
    environment = dict(os.environ, COZE_API_TOKEN="pat_compatibility-check")
    for step in range(len(ANSWERS) + 1):
        path = os.path.join(folder, "request-%d.json" % step)
        with open(path, "w") as handle:
            json.dump(request, handle, ensure_ascii=False)
        out = os.path.join(folder, "out-%d" % step)
        os.makedirs(out)
        subprocess.run([binary, "run", path, "--out", out, "--base-url", url], env=environment, stdout=subprocess.DEVNULL, check=False)
        [name] = os.listdir(out)
        record = json.load(open(os.path.join(out, name)))
        records.append(record)
        if record["status"] != "needs_input" or step == len(ANSWERS):
            break
        question = record["question"]
        request = {"workflow_id": "73664689170551", "mode": "stream",
                   "resume": {"event_id": question["event_id"], "interrupt_type": question["interrupt_type"], "answer": ANSWERS[step]}}
    return records


def sdk_chat_events(stream):
    """What cozepy read from a chat stream, event by event (it drops `done`)."""
    seen = []
    for event in stream:
        entry = {"event": event.event.value}
        if event.message is not None:
            entry.update(type=event.message.type.value if hasattr(event.message.type, "value") else event.message.type,
                         content=event.message.content, conversation_id=event.message.conversation_id)
        if event.chat is not None:
            entry.update(conversation_id=event.chat.conversation_id, status=event.chat.status.value if hasattr(event.chat.status, "value") else event.chat.status,
                         last_error=(event.chat.last_error.code, event.chat.last_error.msg) if event.chat.last_error else None)
        seen.append(entry)
    return seen


def sdk_chat(coze, ids, parameters):
    """Chats with cozepy; after a `requires_action`, answers in the same conversation. One list per stream."""
    streams = [sdk_chat_events(coze.workflows.chat.stream(workflow_id="73664689170551", parameters=parameters,
                                                          additional_messages=[Message.build_user_question_text(CHAT_MESSAGE)], **ids))]
    for answer in ANSWERS[:1]:
        if not streams[-1] or streams[-1][-1]["event"] != ChatEventType.CONVERSATION_CHAT_REQUIRES_ACTION.value:
            break
        streams.append(sdk_chat_events(coze.workflows.chat.stream(
            workflow_id="73664689170551", parameters={}, conversation_id=streams[-1][-1]["conversation_id"],
            additional_messages=[Message.build_user_question_text(answer)], **ids)))
    return streams


def our_chat(binary, url, ids, parameters, folder):
    """Chats the same with `coze-drop run`, answering through the answer file; one record per stream."""
    records = []
    request = dict({"workflow_id": "73664689170551", "mode": "chat", "message": CHAT_MESSAGE, "parameters": parameters}, **ids)
    environment = dict(os.environ, COZE_API_TOKEN="pat_compatibility-check")
    for step in range(2):
        path = os.path.join(folder, "chat-%d.json" % step)
        with open(path, "w") as handle:
            json.dump(request, handle, ensure_ascii=False)
        out = os.path.join(folder, "chat-out-%d" % step)
        os.makedirs(out)
        subprocess.run([binary, "run", path, "--out", out, "--base-url", url], env=environment, stdout=subprocess.DEVNULL, check=False)
        [name] = os.listdir(out)
        records.append(json.load(open(os.path.join(out, name))))
        if records[-1]["status"] != "needs_input":
            break
        request = dict({"workflow_id": "73664689170551", "mode": "chat", "conversation_id": records[-1]["conversation_id"],
                        "message": ANSWERS[0], "parameters": {}}, **ids)
    return records


def compare_chat(name, streams, records):
    problems = []

    def check(condition, text):
        if not condition:
            problems.append("%s: %s" % (name, text))

    check(len(streams) == len(records), "cozepy read %d streams, coze-drop %d" % (len(streams), len(records)))
    conversations, sdk_conversations = set(), set()
    for index, (events, record) in enumerate(zip(streams, records)):
        ours = [event["event"] for event in record.get("events", []) if event["event"] != "done"]
        check([event["event"] for event in events] == ours, "stream %d: event names %s vs %s" % (index, [e["event"] for e in events], ours))
        answer = "".join(e["content"] for e in events if e["event"] == "conversation.message.delta" and e.get("type") == "answer")
        if not answer:
            answer = "\n".join(e["content"] for e in events if e["event"] == "conversation.message.completed" and e.get("type") == "answer")
        check(answer == record.get("answer"), "stream %d: answer %r vs %r" % (index, answer, record.get("answer")))
        check(bool(record.get("conversation_id")), "stream %d: no conversation_id in the record" % index)
        # Each side has its own conversation; within a side, every event and every stream share one.
        sdk_conversations.update(e["conversation_id"] for e in events if e.get("conversation_id"))
        conversations.add(record.get("conversation_id"))
        last = events[-1]["event"] if events else None
        if last == ChatEventType.CONVERSATION_CHAT_FAILED.value:
            check(record["status"] == "failed" and str(record["error"]["code"]) == str(events[-1]["last_error"][0]), "stream %d: failure code" % index)
            check(events[-1]["last_error"][1] in record["error"]["message"], "stream %d: failure message" % index)
        elif last == ChatEventType.CONVERSATION_CHAT_REQUIRES_ACTION.value:
            check(record["status"] == "needs_input", "stream %d: status %s" % (index, record["status"]))
        else:
            check(record["status"] == "success", "stream %d: status %s" % (index, record["status"]))
    check(len(conversations) == 1, "coze-drop's answer did not continue the same conversation: %s" % conversations)
    check(len(sdk_conversations) == 1, "cozepy's streams were not in one conversation: %s" % sdk_conversations)
    return problems


def compare(name, streams, records, parameters):
    problems = []
    simulate = parameters.get("_simulate", {})

    def check(condition, text):
        if not condition:
            problems.append("%s: %s" % (name, text))

    check(len(streams) == len(records), "cozepy read %d streams, coze-drop %d" % (len(streams), len(records)))
    for index, (events, record) in enumerate(zip(streams, records)):
        ours = [event for event in record.get("events", []) if event["event"] != "Done"]
        check([event["id"] for event in events] == [int(event["id"]) for event in ours],
              "stream %d: event ids %s vs %s" % (index, [e["id"] for e in events], [e["id"] for e in ours]))
        check([event["event"] for event in events] == [event["event"] for event in ours],
              "stream %d: event names %s vs %s" % (index, [e["event"] for e in events], [e["event"] for e in ours]))
        texts = {}
        for event in events:
            if event["event"] == "Message":
                texts[event["node_title"]] = texts.get(event["node_title"], "") + event["content"]
        check(texts == {message["node_title"]: message["text"] for message in record.get("messages", [])},
              "stream %d: node texts differ" % index)
        last = events[-1] if events else {}
        if last.get("event") == "Error":
            check(record["error"]["code"] == last["error_code"], "stream %d: error code" % index)
            check(last["error_message"] in record["error"]["message"], "stream %d: error message" % index)
        elif last.get("event") == "Interrupt":
            check(record["status"] == "needs_input", "stream %d: status %s" % (index, record["status"]))
            check(record["question"]["interrupt_type"] == last["type"], "stream %d: interrupt type" % index)
            check(record["question"]["node_title"] == last["node_title"], "stream %d: question node" % index)
            check(bool(re.fullmatch(r"\d+/\d+", record["question"]["event_id"])) and bool(re.fullmatch(r"\d+/\d+", last["event_id"])),
                  "stream %d: event ids" % index)
        else:
            check(record["status"] == "success", "stream %d: status %s" % (index, record["status"]))
            # cozepy keeps no node_type/node_id: the End node is the one titled as the docs ("") or the simulator names it.
            end = sorted((event for event in events if event["event"] == "Message" and event["node_title"] in ("", simulate.get("end_title", "End"))),
                         key=lambda event: int(event["node_seq_id"]))
            check(bool(end) and end[-1]["node_is_finish"] and not any(event["node_is_finish"] for event in end[:-1]),
                  "stream %d: End node chunks %s" % (index, [event["node_is_finish"] for event in end]))
            text = "".join(event["content"] for event in end)
            if "end_text" in simulate:
                check(len(end) == simulate.get("chunks", 3), "stream %d: %d End node chunks" % (index, len(end)))
                check(text == simulate["end_text"] and record["output"] == simulate["end_text"],
                      "stream %d: output %r, cozepy joined %r" % (index, record["output"], text))
            else:
                check(bool(end) and json.loads(text) == record["output"], "stream %d: output" % index)
    return problems


def sdk_async(coze, parameters):
    """Runs async with cozepy, polls until the run ends, then fetches every node `node_execute_status` names."""
    started = coze.workflows.runs.create(workflow_id="73664689170551", parameters=parameters, is_async=True)
    for _ in range(200):
        history = coze.workflows.runs.run_histories.retrieve(workflow_id="73664689170551", execute_id=started.execute_id)
        if history.execute_status != WorkflowExecuteStatus.RUNNING:
            break
        time.sleep(0.05)
    nodes = {}
    for title, status in (history.node_execute_status or {}).items():
        try:
            nodes[title] = coze.workflows.runs.run_histories.execute_nodes.retrieve(
                workflow_id="73664689170551", execute_id=started.execute_id, node_execute_uuid=status.node_execute_uuid).node_output
        except CozeAPIError as error:
            nodes[title] = error
    return history, nodes


def our_async(binary, url, parameters, folder):
    """Runs the same with `coze-drop run` in async mode; its record (async_*.json)."""
    path = os.path.join(folder, "async.json")
    with open(path, "w") as handle:
        json.dump({"workflow_id": "73664689170551", "mode": "async", "parameters": parameters}, handle, ensure_ascii=False)
    out = os.path.join(folder, "async-out")
    os.makedirs(out)
    environment = dict(os.environ, COZE_API_TOKEN="pat_compatibility-check")
    subprocess.run([binary, "run", path, "--out", out, "--base-url", url], env=environment, stdout=subprocess.DEVNULL, check=False)
    [name] = [name for name in os.listdir(out) if name.startswith("async_")]
    return json.load(open(os.path.join(out, name)))


def decoded(text):
    """A JSON string's value, the way our records keep embedded JSON; other text as it is."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return text
    return value if isinstance(value, (dict, list)) else text


def compare_async(name, history, nodes, record):
    problems = []

    def check(condition, text):
        if not condition:
            problems.append("%s: %s" % (name, text))

    check(history.execute_status == WorkflowExecuteStatus.SUCCESS and record["status"] == "success",
          "status %s vs %s" % (history.execute_status, record["status"]))
    ours = (record.get("response") or {}).get("data", [{}])[0]
    # is_output_trimmed and node_execute_status as cozepy's models parse them, against the item in our record.
    check(history.is_output_trimmed is True and ours.get("is_output_trimmed") is True,
          "is_output_trimmed %r vs %r" % (history.is_output_trimmed, ours.get("is_output_trimmed")))
    # Each run has its own execute id (in node_execute_uuid) and times: compare the rest.
    def nodes_seen(statuses):
        return {title: (status.get("node_id"), status.get("is_finish"), bool(status.get("node_execute_uuid")), type(status.get("update_time")).__name__,
                        status.get("loop_index"), status.get("batch_index"), status.get("sub_execute_id"))
                for title, status in (statuses or {}).items()}
    parsed = nodes_seen({title: status.model_dump() for title, status in (history.node_execute_status or {}).items()})
    check(bool(parsed) and parsed == nodes_seen(ours.get("node_execute_status")), "node_execute_status %r vs %r" % (parsed, ours.get("node_execute_status")))
    output = json.loads(history.output)
    check(decoded(output.get("Output")) == record["output"].get("Output"), "End output %r vs %r" % (output.get("Output"), record["output"].get("Output")))
    trimmed = record.get("output_trimmed") or {}
    for title, node in nodes.items():
        check(isinstance(output.get(title), str) and len(output[title]) < len(LONG_TEXT), "%s: history not cut short" % title)
        if isinstance(node, CozeAPIError):
            # The node's output is gone: our record keeps the cut text and says why it is incomplete.
            check(record["output"].get(title) == output.get(title), "%s: kept %r, history has %r" % (title, record["output"].get(title), output.get(title)))
            check(trimmed.get("complete") is False and str(node.code) in (trimmed.get("problem") or ""),
                  "%s: cozepy got code %s, our record says %r" % (title, node.code, trimmed))
        else:
            check(node == LONG_TEXT and decoded(node) == record["output"].get(title),
                  "%s: execute_nodes gave %d characters, our record %r" % (title, len(node or ""), str(record["output"].get(title))[:40]))
            check(trimmed.get("complete") is True and title in trimmed.get("completed_nodes", []), "%s: our record says %r" % (title, trimmed))
    return problems


OAUTH_APP_ID = "1170000000001"
OAUTH_KEY_ID = "Zq3u7PDbDkEhp1FF6yNsfeN9qJ1Lw8ZgK8ZbT7yQm3c"


def oauth_check(binary):
    """cozepy's JWTOAuthApp gets tokens from the simulator's OAuth endpoint; one runs a workflow."""
    problems = []

    def check(condition, text):
        if not condition:
            problems.append("oauth: " + text)

    with tempfile.TemporaryDirectory() as folder:
        private, public = os.path.join(folder, "private_key.pem"), os.path.join(folder, "public_key.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", private],
                       check=True, stderr=subprocess.DEVNULL)
        subprocess.run(["openssl", "pkey", "-in", private, "-pubout", "-out", public], check=True)
        simulator, url = start_simulator(binary, "--token-ttl", "3600", "--oauth-app-id", OAUTH_APP_ID,
                                         "--oauth-key-id", OAUTH_KEY_ID, "--oauth-public-key", public)
        try:
            pem = open(private).read()
            app = JWTOAuthApp(client_id=OAUTH_APP_ID, private_key=pem, public_key_id=OAUTH_KEY_ID, base_url=url)
            before = int(time.time())
            token = app.get_access_token(ttl=600)
            check(token.access_token.startswith("czs_"), "access token %r" % token.access_token[:4])
            check(before + 600 <= token.expires_in <= int(time.time()) + 600, "expires_in %d is not now + 600" % token.expires_in)
            coze = Coze(auth=TokenAuth(token.access_token), base_url=url)
            result = coze.workflows.runs.create(workflow_id="73664689170551", parameters={"city": "北京"})
            check(bool(result.data), "the run with the issued token answered no data")
            second = app.get_access_token()  # a fresh JWT (new jti); the default ttl of 900
            check(second.access_token != token.access_token, "the second token is the first one")
            try:
                JWTOAuthApp(client_id=OAUTH_APP_ID, private_key=pem, public_key_id="another-key", base_url=url).get_access_token()
                check(False, "a JWT with another kid got a token")
            except Exception as error:  # cozepy's CozeAPIError carries the endpoint's error_message
                check("kid" in str(error), "a wrong kid gave %r" % str(error)[:200])
            statistics = json.load(urllib.request.urlopen(url + "/_simulator/statistics"))
            check(statistics["oauth_tokens"] == 2 and statistics["oauth_refusals"] == 1,
                  "statistics %s" % {key: statistics[key] for key in ("oauth_tokens", "oauth_refusals")})
        except Exception as error:
            problems.append("oauth: cozepy failed: %r" % error)
        finally:
            simulator.terminate()
            simulator.wait()
    return problems


def main():
    binary = sys.argv[1]
    logging.getLogger("cozepy").setLevel(logging.CRITICAL)  # the expected 4200 of "trimmed lost" is checked, not logged
    simulator, url = start_simulator(binary)
    problems, compared = [], 0
    try:
        coze = Coze(auth=TokenAuth("pat_compatibility-check"), base_url=url)
        for name, parameters in SCENARIOS.items():
            with tempfile.TemporaryDirectory() as folder:
                streams = sdk_run(coze, parameters)
                records = our_run(binary, url, parameters, folder)
                problems += compare(name, streams, records, parameters)
                compared += sum(len(events) for events in streams)
        for name, parameters in ASYNC_SCENARIOS.items():
            with tempfile.TemporaryDirectory() as folder:
                history, nodes = sdk_async(coze, parameters)
                problems += compare_async(name, history, nodes, our_async(binary, url, parameters, folder))
                compared += 1 + len(nodes)
        for name, (ids, parameters) in CHAT_SCENARIOS.items():
            with tempfile.TemporaryDirectory() as folder:
                streams = sdk_chat(coze, ids, parameters)
                records = our_chat(binary, url, ids, parameters, folder)
                problems += compare_chat(name, streams, records)
                compared += sum(len(events) for events in streams)
    finally:
        simulator.terminate()
        simulator.wait()
    problems += oauth_check(binary)
    for problem in problems:
        print("cozepy check: " + problem, file=sys.stderr)
    print("cozepy check: %d scenarios, %d events and answers read alike by cozepy and coze-drop, %d differences; OAuth JWT tokens checked"
          % (len(SCENARIOS) + len(ASYNC_SCENARIOS) + len(CHAT_SCENARIOS), compared, len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
