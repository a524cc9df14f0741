#!/usr/bin/env python3
"""CozeDrop benchmark: the agent (release build) against the simulator, both as separate processes
on 127.0.0.1, in temporary folders. Writes Benchmarks/RESULTS.md (unless --smoke).

    python3 Benchmarks/bench.py            # the full run (about 7 minutes on 2 cores)
    python3 Benchmarks/bench.py --smoke    # tiny sizes, debug build: checks the benchmark still works
    python3 Benchmarks/bench.py --only peer          # side by side with a cozepy loop, local disk
    sudo python3 Benchmarks/bench.py --share --only peer   # the same on an SMB share on loopback
"""
import argparse, datetime, json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time

import peer as peer_scenario

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(configuration):
    subprocess.run(["swift", "build", "-c", configuration, "--product", "coze-drop"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", configuration, "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "coze-drop")


class Simulator:
    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "simulator", "--port", "0"], stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        self.url = re.search(r"(http://127\.0\.0\.1:\d+)", line).group(1)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


def run_agent(binary, url, root, extra, stop_after=None, on_start=None):
    """Runs `watch`; returns wall seconds, CPU seconds, peak RSS in MB, and its output."""
    env = dict(os.environ, COZE_API_TOKEN="benchmark-token")
    log = open(os.path.join(root, "agent.log"), "w")
    start = time.monotonic()
    process = subprocess.Popen([binary, "watch", "--root", root, "--base-url", url] + extra, stdout=log,
                               stderr=subprocess.STDOUT, env=env)
    if on_start:
        on_start()
    if stop_after is not None:
        time.sleep(stop_after)
        process.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    log.close()
    output = open(os.path.join(root, "agent.log")).read()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def fresh_root():
    root = tempfile.mkdtemp(prefix="coze-drop-bench-")
    os.makedirs(os.path.join(root, "inbox"))
    return root


def drop(root, name, request):
    temporary = os.path.join(root, "inbox", "." + name + ".tmp")
    with open(temporary, "w") as handle:
        json.dump(request, handle)
    os.rename(temporary, os.path.join(root, "inbox", name))


def records(root, folder):
    directory = os.path.join(root, folder)
    if not os.path.isdir(directory):
        return []
    return [json.load(open(os.path.join(directory, name))) for name in os.listdir(directory)
            if name.endswith(".response.json")]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def burst(binary, url, count):
    root = fresh_root()
    for index in range(count):
        drop(root, "r%d.json" % index, {"workflow_id": "1", "parameters": {"n": index}})
    wall, cpu, rss, _ = run_agent(binary, url, root, ["--once", "--settle", "0", "--interval", "0.05",
                                                      "--concurrency", "16", "--max-rps", "0"])
    done = len(records(root, "outbox"))
    shutil.rmtree(root)
    assert done == count, "burst: %d of %d in outbox" % (done, count)
    return {"requests": count, "wall_s": wall, "rps": count / wall, "rss_mb": rss, "cpu_s": cpu}


def disk_limit(count):
    """The machine's limit for the burst: only the file operations the agent does per sync job (four
    small files created: the journal before the claim, the journal before the call (fsynced, with its
    folder), the record (fsynced, with its folder), the journal before the moves; five renames; one
    unlink), in one thread, in a fresh folder on the same disk, right before the burst. On this
    machine's ext4 a file creation costs from about 0.1 ms to 0.8 ms depending on how many files were
    deleted recently, which bounds any agent that keeps a crash-safe journal per job."""
    root = fresh_root()
    inbox, processing, outbox = [os.path.join(root, name) for name in ("inbox", "processing", "outbox")]
    os.makedirs(processing)
    os.makedirs(outbox)
    for index in range(count):
        with open(os.path.join(inbox, "r%d.json" % index), "w") as handle:
            handle.write('{"workflow_id": "1", "parameters": {"n": %d}}' % index)
    folder = os.open(processing, os.O_RDONLY)

    def write_new(path, data, durable):
        temporary = os.path.join(processing, ".tmp-%d" % index)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(descriptor, data)
        if durable:
            os.fsync(descriptor)
        os.close(descriptor)
        os.rename(temporary, path)
        if durable:
            os.fsync(folder)

    creations = 0.0
    start = time.monotonic()
    for index in range(count):
        job = os.path.join(processing, "j%d" % index)
        created = time.monotonic()
        write_new(job + ".state.json", b'{"phase":"claiming","name":"r.json"}', False)
        creations += time.monotonic() - created
        os.rename(os.path.join(inbox, "r%d.json" % index), job + ".json")
        with open(job + ".json", "rb") as handle:
            handle.read()
        write_new(job + ".state.json", b'{"phase":"sending","name":"r.json"}', True)
        write_new(job + ".response.json", b'{"status":"success","output":{}}' * 20, True)
        write_new(job + ".state.json", b'{"phase":"settling","name":"r.json"}', False)
        os.rename(job + ".response.json", os.path.join(outbox, "r%d.response.json" % index))
        os.rename(job + ".json", os.path.join(outbox, "r%d.json" % index))
        os.unlink(job + ".state.json")
    wall = time.monotonic() - start
    os.close(folder)
    shutil.rmtree(root)
    return {"jobs": count, "wall_s": wall, "jobs_per_s": count / wall, "creation_ms": creations / count * 1000}


def baseline(binary, url, count):
    root = fresh_root()
    out = os.path.join(root, "out")
    os.makedirs(out)
    env = dict(os.environ, COZE_API_TOKEN="benchmark-token")
    for index in range(count):
        drop(root, "r%d.json" % index, {"workflow_id": "1", "parameters": {"n": index}})
    start = time.monotonic()
    for index in range(count):
        subprocess.run([binary, "run", os.path.join(root, "inbox", "r%d.json" % index), "--out", out,
                        "--base-url", url], env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.monotonic() - start
    shutil.rmtree(root)
    return {"requests": count, "wall_s": wall, "rps": count / wall}


def latency(binary, url, drops, interval, settle):
    root = fresh_root()
    claims, results = [], []

    def measure():
        time.sleep(0.5)
        for index in range(drops):
            name = "l%d.json" % index
            began = time.monotonic()
            drop(root, name, {"workflow_id": "1", "parameters": {"n": index}})
            claimed = None
            record = os.path.join(root, "outbox", "l%d.response.json" % index)
            while True:
                now = time.monotonic()
                if claimed is None and not os.path.exists(os.path.join(root, "inbox", name)):
                    claimed = now
                if os.path.exists(record):
                    results.append(now - began)
                    claims.append((claimed or now) - began)
                    break
                if now - began > 30:
                    raise RuntimeError("latency: no result for " + name)
                time.sleep(0.0005)

    run_agent(binary, url, root, ["--interval", str(interval), "--settle", str(settle), "--max-rps", "0"],
              stop_after=0, on_start=measure)
    shutil.rmtree(root)
    return {"drops": drops, "interval": interval, "settle": settle,
            "claim_p50_ms": percentile(claims, 0.5) * 1000, "claim_p99_ms": percentile(claims, 0.99) * 1000,
            "result_p50_ms": percentile(results, 0.5) * 1000, "result_p99_ms": percentile(results, 0.99) * 1000}


def schedule_polls(running_s, initial=2.0, maximum=30.0):
    elapsed, delay, polls = 0.0, initial, 0
    while True:
        elapsed += delay
        polls += 1
        if elapsed >= running_s:
            return polls
        delay = min(delay * 1.5, maximum)


def async_fleet(binary, url, count, running_s):
    root = fresh_root()
    for index in range(count):
        drop(root, "a%d.json" % index, {"workflow_id": "1", "mode": "async",
                                        "parameters": {"n": index, "_simulate": {"running_ms": int(running_s * 1000)}}})
    wall, cpu, rss, _ = run_agent(binary, url, root, ["--once", "--settle", "0", "--interval", "0.05",
                                                      "--concurrency", "16", "--max-rps", "0"])
    done = records(root, "outbox")
    shutil.rmtree(root)
    assert len(done) == count, "fleet: %d of %d in outbox" % (len(done), count)
    polls = [record["polls"] for record in done]
    expected = schedule_polls(running_s)
    # Late: finished more than one poll interval (the cap, 30 s) after the run ended.
    # Late: finished more than one poll interval after the run ended. The interval is 30 s at that point,
    # spread ±10 % by the agent so thousands of polls do not come at once; 1 s more covers the start call.
    late = sum(1 for record in done if record["duration_ms"] / 1000 - running_s > 30 * 1.1 + 1)
    return {"runs": count, "running_s": running_s, "wall_s": wall, "rss_mb": rss, "cpu_s": cpu,
            "polls_min": min(polls), "polls_max": max(polls), "polls_schedule": expected, "late": late}


def backlog(binary, url, count, window):
    """100,000 waiting files (and as many old results in outbox/): the cost of a scan tick, memory,
    and how many are drained in a fixed window (draining all of them takes longer than a benchmark)."""
    root = fresh_root()
    os.makedirs(os.path.join(root, "outbox"))
    for index in range(count):
        with open(os.path.join(root, "inbox", "b%d.json" % index), "w") as handle:
            handle.write('{"workflow_id": "1", "parameters": {"n": %d}}' % index)
        with open(os.path.join(root, "outbox", "old%d.json" % index), "w") as handle:
            handle.write("{}")
    wall, cpu, rss, output = run_agent(binary, url, root, ["--settle", "0", "--interval", "0.05", "--concurrency", "16",
                                                           "--max-rps", "0", "--log-scans"], stop_after=window)
    ticks = [float(m.group(2)) for m in re.finditer(r"scan: (\d+) request names, \d+ examined, ([\d.]+) ms", output)
             if int(m.group(1)) >= count * 0.9]
    done = output.count(": finished")
    shutil.rmtree(root)
    assert done > 0, "backlog: nothing drained"
    return {"files": count, "tick_median_ms": statistics.median(ticks), "tick_max_ms": max(ticks), "ticks": len(ticks),
            "window_s": wall, "drained": done, "rps": done / wall, "rss_mb": rss, "cpu_s": cpu}


def slow_calls(binary, url, count, seconds, streams=0, stream_seconds=60, ping_seconds=10):
    """`count` sync runs answering after `seconds`, and `streams` streamed runs that send a PING every
    `ping_seconds` for `stream_seconds` before their text, all at once: the CPU the agent uses waiting."""
    root = fresh_root()
    for index in range(count):
        drop(root, "s%d.json" % index, {"workflow_id": "1", "parameters": {"n": index, "_simulate": {"delay_ms": int(seconds * 1000)}}})
    for index in range(streams):
        drop(root, "t%d.json" % index, {"workflow_id": "1", "mode": "stream", "parameters": {
            "n": index, "_simulate": {"running_ms": int(stream_seconds * 1000), "ping_ms": int(ping_seconds * 1000)}}})
    wall, cpu, rss, _ = run_agent(binary, url, root, ["--once", "--settle", "0", "--interval", "0.05",
                                                      "--concurrency", str(count + streams), "--max-rps", "0"])
    done = len(records(root, "outbox"))
    shutil.rmtree(root)
    assert done == count + streams, "slow calls: %d of %d in outbox" % (done, count + streams)
    return {"calls": count, "seconds": seconds, "streams": streams, "stream_seconds": stream_seconds, "ping_seconds": ping_seconds,
            "wall_s": wall, "cpu_s": cpu}


def slow_call_alone(binary, url, seconds):
    return slow_calls(binary, url, 1, seconds)


def idle(binary, url, seconds):
    root = fresh_root()
    wall, cpu, rss, _ = run_agent(binary, url, root, ["--max-rps", "0"], stop_after=seconds)
    shutil.rmtree(root)
    return {"seconds": wall, "cpu_s": cpu, "core_percent": cpu / wall * 100, "rss_mb": rss}


SCENARIOS = {
    "disk_limit": lambda binary, url: disk_limit(2000),
    "burst": lambda binary, url: burst(binary, url, 2000),
    "baseline": lambda binary, url: baseline(binary, url, 300),
    "async_fleet": lambda binary, url: async_fleet(binary, url, 5000, 60),
    "backlog": lambda binary, url: backlog(binary, url, 100_000, 60),
    "slow_calls": lambda binary, url: slow_calls(binary, url, 50, 30, streams=20),
    "idle": lambda binary, url: idle(binary, url, 60),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and a debug build; writes no RESULTS.md")
    parser.add_argument("--only", help="run one scenario at full size and print its figures (e.g. slow_calls; "
                                           "peer also writes its part of RESULTS.md)")
    parser.add_argument("--share", action="store_true", help="with --only peer: on an SMB share on loopback (as root; "
                                                              "../shared/tools/netshare.py brings it up and down)")
    arguments = parser.parse_args()
    smoke = arguments.smoke
    if arguments.share and (smoke or arguments.only != "peer"):
        parser.error("--share goes with --only peer")
    binary = build("debug" if smoke else "release")
    simulator = Simulator(binary)
    results = {}
    if arguments.only == "peer":
        try:
            run_peer(binary, simulator.url, arguments.share, 300 if arguments.share else 1000)
        finally:
            simulator.stop()
        return
    if arguments.only:
        try:
            print(json.dumps(SCENARIOS[arguments.only](binary, simulator.url), indent=2))
        finally:
            simulator.stop()
        return
    try:
        results["disk_limit"] = disk_limit(100 if smoke else 2000)
        results["burst"] = burst(binary, simulator.url, 100 if smoke else 2000)
        results["baseline"] = baseline(binary, simulator.url, 10 if smoke else 300)
        results["latency_default"] = latency(binary, simulator.url, 2 if smoke else 20, 1, 2)
        results["latency_smallest"] = latency(binary, simulator.url, 5 if smoke else 200, 0.01, 0)
        results["async_fleet"] = async_fleet(binary, simulator.url, 20 if smoke else 5000, 2 if smoke else 60)
        results["backlog"] = backlog(binary, simulator.url, 500 if smoke else 100_000, 2 if smoke else 60)
        results["slow_calls"] = (slow_calls(binary, simulator.url, 3, 1, streams=2, stream_seconds=1, ping_seconds=0.5) if smoke
                                 else slow_calls(binary, simulator.url, 50, 30, streams=20))
        results["slow_call_alone"] = slow_call_alone(binary, simulator.url, 1 if smoke else 30)
        results["idle"] = idle(binary, simulator.url, 2 if smoke else 60)
        if smoke:
            peer_ran = smoke_peer(binary, simulator.url)
    finally:
        simulator.stop()
    results["burst"]["vs_baseline"] = results["burst"]["rps"] / results["baseline"]["rps"]
    print(json.dumps(results, indent=2))
    if smoke:
        print("benchmark smoke: %d passed, 0 failed" % (11 if peer_ran else 10))
        return
    write_results(results)
    simulator = Simulator(binary)
    try:
        run_peer(binary, simulator.url, False, 1000)
    finally:
        simulator.stop()


def run_peer(binary, url, share, count):
    """The peer scenario at full size; writes its part of RESULTS.md."""
    version = peer_scenario.ensure_cozepy()
    use_strace = peer_scenario.ensure_strace(install=True)
    if not use_strace:
        print("peer: strace could not be installed; file operations per job are left out")
    if share:
        with peer_scenario.SMBRig() as rig:
            summary = peer_scenario.peer(binary, url, count, 3, use_strace, share=rig)
        command = "sudo python3 Benchmarks/bench.py --share --only peer"
    else:
        summary = peer_scenario.peer(binary, url, count, 5, use_strace)
        command = "python3 Benchmarks/bench.py --only peer"
    print(json.dumps(summary, indent=2))
    peer_scenario.write_section(os.path.join(ROOT, "Benchmarks", "RESULTS.md"), summary, share, command)
    print("\n".join(peer_scenario.table(summary, share)))
    print("cozepy %s; RESULTS.md updated" % version)


def smoke_peer(binary, url):
    """The peer scenario at a tiny size: the loop and the agent both finish every request, and the
    agent's file operations are counted. Skipped (with a line) when cozepy is not installed."""
    if peer_scenario.cozepy_version() is None:
        print("peer: skipped, cozepy is not installed (python3 -m pip install cozepy)")
        return False
    use_strace = peer_scenario.ensure_strace(install=False)
    if not use_strace:
        print("peer: strace is not installed; file operations counted at the FileSystem seam only")
    summary = peer_scenario.peer(binary, url, 20, 1, use_strace)
    assert summary["results"]["agent"]["seam"], "peer: the agent printed no file-operation counts"
    print("\n".join(peer_scenario.table(summary, False)))
    return True


def write_results(r):
    d = r["disk_limit"]
    b, base, ld, ls, f, bl, sc, sa, i = (r["burst"], r["baseline"], r["latency_default"], r["latency_smallest"],
                                         r["async_fleet"], r["backlog"], r["slow_calls"], r["slow_call_alone"], r["idle"])
    lines = [
        "# CozeDrop benchmark results",
        "",
        "Run on %s, %d cores, release build, agent and simulator as separate processes on 127.0.0.1." % (
            datetime.date.today().isoformat(), os.cpu_count()),
        "Produced by `python3 Benchmarks/bench.py`; every figure is from that one run.",
        "",
        "The burst depends on the disk: on this machine's ext4 creating a file costs 0.1–0.8 ms depending on how",
        "many files were deleted shortly before (each benchmark scenario deletes thousands), and a crash-safe job",
        "creates small files (journal before the claim, journal before the call, the record and its summary, journal",
        "before the moves). The disk-limit row measures those file operations alone, in one thread, at the same",
        "moment; the agent does them from several threads at once. Across runs the burst measured 290–1,140 requests/s.",
        "",
        "| scenario | figures | target | met |",
        "|---|---|---|---|",
        "| burst: %d sync requests dropped at once, `--concurrency 16` | %.2f s, **%.0f requests/s**, peak RSS %.0f MB, CPU %.1f s | ≥ 1,000 requests/s | %s |" % (
            b["requests"], b["wall_s"], b["rps"], b["rss_mb"], b["cpu_s"],
            "yes" if b["rps"] >= 1000 else "no: the disk allows %.0f jobs/s in one thread (next row); the agent gets %.1f× that" % (d["jobs_per_s"], b["rps"] / d["jobs_per_s"])),
        "| disk limit, same moment: only the agent's file operations for %d jobs, one thread, no HTTP | %.2f s, **%.0f jobs/s**; one file creation %.2f ms | what the disk allows one thread here | — |" % (
            d["jobs"], d["wall_s"], d["jobs_per_s"], d["creation_ms"]),
        "| baseline: one `coze-drop run` process per request, %d requests | %.1f s, %.1f requests/s; the agent is **%.0f×** faster | agent ≥ 20× | %s |" % (
            base["requests"], base["wall_s"], base["rps"], b["vs_baseline"], "yes" if b["vs_baseline"] >= 20 else "no"),
        "| latency, `--interval 1 --settle 2`, %d drops | claim p50 %.0f ms, p99 %.0f ms; result p50 %.0f ms, p99 %.0f ms | claim p99 ≤ settle + interval (3,000 ms) | %s |" % (
            ld["drops"], ld["claim_p50_ms"], ld["claim_p99_ms"], ld["result_p50_ms"], ld["result_p99_ms"], "yes" if ld["claim_p99_ms"] <= 3000 else "no"),
        "| latency, `--interval 0.01 --settle 0`, %d drops | claim p50 %.1f ms, p99 %.1f ms; result p50 **%.1f ms**, p99 %.1f ms | result p50 < 50 ms | %s |" % (
            ls["drops"], ls["claim_p50_ms"], ls["claim_p99_ms"], ls["result_p50_ms"], ls["result_p99_ms"], "yes" if ls["result_p50_ms"] < 50 else "no"),
        "| async fleet: %d runs each `Running` for %d s | %.0f s, peak RSS **%.0f MB**, CPU %.1f s (%.0f %% of a core); polls per run %d–%d (schedule: %d); late by more than a poll interval: %d | < 100 MB, polls within one of the schedule, CPU well under a core | %s |" % (
            f["runs"], f["running_s"], f["wall_s"], f["rss_mb"], f["cpu_s"], f["cpu_s"] / f["wall_s"] * 100, f["polls_min"], f["polls_max"], f["polls_schedule"], f["late"],
            "yes" if f["rss_mb"] < 100 and abs(f["polls_max"] - f["polls_schedule"]) <= 1 and f["late"] == 0 and f["cpu_s"] / f["wall_s"] < 0.5 else "no"),
        "| backlog: %d files in `inbox/` and %d in `outbox/` | scan tick: median **%.1f ms**, max %.1f ms (%d ticks); %d drained in %.0f s (%.0f requests/s); peak RSS %.0f MB | tick < 100 ms, memory bounded | %s |" % (
            bl["files"], bl["files"], bl["tick_median_ms"], bl["tick_max_ms"], bl["ticks"], bl["drained"], bl["window_s"], bl["rps"], bl["rss_mb"], "yes" if bl["tick_median_ms"] < 100 else "no"),
        "| slow calls: %d sync runs answering after %d s, and %d streams sending a PING every %g s for %g s, all at once | CPU **%.1f s** over %.0f s | < 2 CPU s | %s |" % (
            sc["calls"], sc["seconds"], sc["streams"], sc["ping_seconds"], sc["stream_seconds"], sc["cpu_s"], sc["wall_s"], "yes" if sc["cpu_s"] < 2 else "no"),
        "| one slow call alone (%d s) | CPU %.2f s | — | — |" % (sa["seconds"], sa["cpu_s"]),
        "| idle: empty inbox for %d s | CPU %.2f s = **%.2f %%** of one core | < 0.5 %% | %s |" % (
            i["seconds"], i["cpu_s"], i["core_percent"], "yes" if i["core_percent"] < 0.5 else "no"),
        "",
        "Raw figures:",
        "",
        "```json",
        json.dumps(r, indent=2),
        "```",
        "",
    ]
    path = os.path.join(ROOT, "Benchmarks", "RESULTS.md")
    # The peer section (written by `--only peer` and `--share --only peer`) stays.
    kept = open(path).read() if os.path.exists(path) else ""
    kept = kept[kept.index(peer_scenario.HEADING):] if peer_scenario.HEADING in kept else ""
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + ("\n" + kept if kept else ""))
    print("\n".join(lines[:18]))


if __name__ == "__main__":
    main()
