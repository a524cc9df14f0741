#!/usr/bin/env python3
"""The quick script CozeDrop is compared with: a plain polling loop over a drop folder, written with
the official Python SDK (cozepy). No settle window, no journal, no fsync, no recovery after a crash.

    COZE_API_TOKEN=… python3 Benchmarks/cozepy_loop.py --root DIR --base-url URL [--workers N]

Each worker scans ROOT/inbox for *.json, renames each into ROOT/processing/ under a name no other
worker uses (on an SMB share two renames onto one target name lose files), calls the workflow with
`coze.workflows.runs.create`, writes NAME.response.json, and moves the request and the record to
ROOT/outbox/ (ROOT/failed/ when the call raised). It exits when a scan finds the inbox empty, and
prints one line: requests done, failed, seconds, requests/s.
"""
import argparse, json, os, threading, time, warnings

warnings.filterwarnings("ignore")  # cozepy's authlib prints a deprecation warning on import
from cozepy import Coze, TokenAuth  # noqa: E402


def worker(index, root, url, token, counts, lock):
    coze = Coze(auth=TokenAuth(token), base_url=url)
    inbox, processing = os.path.join(root, "inbox"), os.path.join(root, "processing")
    while True:
        names = sorted(name for name in os.listdir(inbox) if name.endswith(".json") and not name.startswith("."))
        if not names:
            return
        # Each worker takes its share of the listing, then scans again (all of it once its share is empty),
        # so workers seldom race for one file.
        for name in names[index::counts["workers"]] or names:
            claimed = os.path.join(processing, "w%d-%s" % (index, name))
            try:
                os.rename(os.path.join(inbox, name), claimed)
            except FileNotFoundError:
                continue  # another worker took it
            with open(claimed) as handle:
                request = json.load(handle)
            try:
                result = coze.workflows.runs.create(workflow_id=request["workflow_id"], parameters=request.get("parameters", {}))
                record, destination = {"status": "success", "data": result.data, "debug_url": result.debug_url}, "outbox"
            except Exception as error:  # a quick script files every failure the same way
                record, destination = {"status": "failed", "error": str(error)}, "failed"
            stem = name[:-len(".json")]
            with open(claimed[:-len(".json")] + ".response.json", "w") as handle:
                json.dump(record, handle, ensure_ascii=False)
            os.rename(claimed[:-len(".json")] + ".response.json", os.path.join(root, destination, stem + ".response.json"))
            os.rename(claimed, os.path.join(root, destination, name))
            with lock:
                counts[destination] += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--workers", type=int, default=1)
    arguments = parser.parse_args()
    root = os.path.abspath(arguments.root)
    for folder in ("inbox", "processing", "outbox", "failed"):
        os.makedirs(os.path.join(root, folder), exist_ok=True)
    token = os.environ["COZE_API_TOKEN"]
    counts, lock = {"outbox": 0, "failed": 0, "workers": arguments.workers}, threading.Lock()
    began = time.monotonic()
    threads = [threading.Thread(target=worker, args=(index, root, arguments.base_url, token, counts, lock))
               for index in range(arguments.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    done = counts["outbox"] + counts["failed"]
    print("cozepy loop: %d done, %d failed, %d workers, %.2f s, %.1f requests/s" % (
        done, counts["failed"], arguments.workers, wall, done / wall if wall else 0))


if __name__ == "__main__":
    main()
