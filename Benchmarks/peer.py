"""The `peer` scenario of bench.py: the agent side by side with a plain polling loop written with the
official Python SDK (Benchmarks/cozepy_loop.py), against the same simulator in the same run, on local
disk or on an SMB share on loopback (../shared/tools/netshare.py), with file operations per job."""
import datetime, json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LOOP = os.path.join(HERE, "cozepy_loop.py")
NETSHARE = os.path.normpath(os.path.join(ROOT, "..", "shared", "tools", "netshare.py"))
if not os.path.exists(NETSHARE):
    NETSHARE = "/work/shared/tools/netshare.py"
AGENT_FLAGS = ["--once", "--settle", "0", "--interval", "0.05", "--concurrency", "16", "--max-rps", "0"]
STRACE = ["strace", "-f", "-y", "-qq", "-e", "trace=%file,fsync,fdatasync,syncfs"]
KINDS = ("creates", "renames", "unlinks", "stats_opens", "fsyncs")
ENV = dict(os.environ, COZE_API_TOKEN="benchmark-token")


def cozepy_version():
    """cozepy's version, or None when it is not installed."""
    found = subprocess.run([sys.executable, "-W", "ignore", "-c", "import cozepy, importlib.metadata as m; print(m.version('cozepy'))"],
                           capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


def ensure_cozepy():
    if cozepy_version() is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "cozepy"], check=True)
    return cozepy_version()


def ensure_strace(install):
    if shutil.which("strace") is None and install:
        subprocess.run(["apt-get", "install", "-y", "-qq", "strace"], stdout=subprocess.DEVNULL)
        if shutil.which("strace") is None:
            subprocess.run(["apt-get", "update", "-qq"], stdout=subprocess.DEVNULL)
            subprocess.run(["apt-get", "install", "-y", "-qq", "strace"], stdout=subprocess.DEVNULL)
    return shutil.which("strace") is not None


def fill(root, count, server_root=None):
    """A fresh ROOT/inbox with `count` sync requests, written through `server_root` when given (the
    share's real folder on the server: dropping them is not what is measured)."""
    inbox = os.path.join(server_root or root, "inbox")
    os.makedirs(inbox)
    for index in range(count):
        temporary = os.path.join(inbox, ".r%d.tmp" % index)
        with open(temporary, "w") as handle:
            json.dump({"workflow_id": "1", "parameters": {"n": index}}, handle)
        os.rename(temporary, os.path.join(inbox, "r%d.json" % index))
    if server_root:  # wait until the client side lists them all
        deadline = time.monotonic() + 30
        while len([n for n in os.listdir(os.path.join(root, "inbox")) if n.endswith(".json")]) < count:
            if time.monotonic() > deadline:
                raise RuntimeError("the share does not list the %d dropped requests" % count)
            time.sleep(0.1)


def finished(root):
    names = os.listdir(os.path.join(root, "outbox")) if os.path.isdir(os.path.join(root, "outbox")) else []
    return len([name for name in names if name.endswith(".response.json")])


# ---------------------------------------------------------------------------------------------- running

def start_agent(binary, url, root, prefix=()):
    env = dict(ENV, COZE_DROP_COUNT_FILE_OPS="1")
    return subprocess.Popen(list(prefix) + [binary, "watch", "--root", root, "--base-url", url] + AGENT_FLAGS,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def seam_counts(stderr):
    """The agent's `COZE_DROP_COUNT_FILE_OPS=1` line as numbers, or None."""
    line = next((l for l in stderr.splitlines() if "file operations:" in l), None)
    if line is None:
        return None
    pairs = re.findall(r"(\d+) (listings|stats|reads|new files|written in place|flushes|replaced \((\d+) durably\)|moves|appends|removed|folders created|folders removed)", line)
    counts = {}
    for number, name, durable in pairs:
        key = name.split(" (")[0].replace(" ", "_")
        counts[key] = int(number)
        if durable:
            counts["durable_replacements"] = int(durable)
    return counts


def seam_as_syscalls(seam):
    """The seam's calls as LocalFileSystem carries them out: a new file = create + fsync + rename +
    fsync of its folder; a file written in place = create; a replaced file = create + rename (+ both
    fsyncs when durable); a flush = open of the folder + syncfs (counted with the fsyncs); a move = a
    rename; a stat = lstat; a read or a listing = open + fstat."""
    written = seam.get("written_in_place", 0)
    flushes = seam.get("flushes", 0)
    return {"creates": seam["new_files"] + written + seam["replaced"] + seam["appends"],
            "renames": seam["new_files"] + seam["replaced"] + seam["moves"],
            "unlinks": seam["removed"],
            # a read and a listing also fstat what they opened; a flushed folder is opened first
            "stats_opens": seam["stats"] + 2 * seam["reads"] + 2 * seam["listings"] + seam["new_files"] + seam["durable_replacements"] + flushes,
            "fsyncs": 2 * seam["new_files"] + 2 * seam["durable_replacements"] + flushes}


def run_agents(binary, url, roots, count):
    """Agents, one per root (all roots the same folder), started together; requests/s until the last
    exits, and the seam counts of all of them added up."""
    began = time.monotonic()
    processes = [start_agent(binary, url, root) for root in roots]
    outputs = [process.communicate()[1] for process in processes]
    wall = time.monotonic() - began
    for process, output in zip(processes, outputs):
        if process.returncode != 0:
            raise RuntimeError("agent exited %d: %s" % (process.returncode, output[-500:]))
    done = finished(roots[0])
    if done != count:
        raise RuntimeError("agent: %d of %d in outbox" % (done, count))
    seams = [seam_counts(output) for output in outputs]
    total = {key: sum(seam[key] for seam in seams) for key in seams[0]} if all(seams) else None
    return {"wall_s": wall, "rps": count / wall, "seam": total}


def run_loop(url, root, workers, count, prefix=()):
    process = subprocess.run(list(prefix) + [sys.executable, LOOP, "--root", root, "--base-url", url, "--workers", str(workers)],
                             capture_output=True, text=True, env=ENV)
    match = re.search(r"(\d+) done, (\d+) failed, \d+ workers, ([\d.]+) s", process.stdout)
    if process.returncode != 0 or not match:
        raise RuntimeError("cozepy loop failed: " + (process.stdout + process.stderr)[-500:])
    if int(match.group(1)) != count or finished(root) != count:
        raise RuntimeError("cozepy loop: %s of %d done, %s failed" % (match.group(1), count, match.group(2)))
    wall = float(match.group(3))
    return {"wall_s": wall, "rps": count / wall}


# ---------------------------------------------------------------------------------------------- strace

def count_strace(path, root):
    """Calls in an `strace -f -y` log that touch a path under `root` (a call interrupted by another
    thread's is counted once, on its first line)."""
    counts = dict.fromkeys(KINDS, 0)
    counts["other"] = 0
    call = re.compile(r"^\d+\s+([a-z0-9_]+)\((.*)")
    with open(path, errors="replace") as log:
        for line in log:
            match = call.match(line)
            if not match or root not in match.group(2):
                continue
            name, rest = match.group(1), match.group(2)
            if name in ("open", "openat", "openat2", "creat"):
                counts["creates" if name == "creat" or "O_CREAT" in rest else "stats_opens"] += 1
            elif name in ("rename", "renameat", "renameat2"):
                counts["renames"] += 1
            elif name in ("unlink", "unlinkat") and "AT_REMOVEDIR" not in rest:
                counts["unlinks"] += 1
            elif name in ("fsync", "fdatasync", "syncfs"):
                counts["fsyncs"] += 1
            elif name in ("stat", "lstat", "newfstatat", "fstatat64", "statx", "access", "faccessat", "faccessat2", "readlink", "readlinkat"):
                counts["stats_opens"] += 1
            else:
                counts["other"] += 1
    return counts


def per_job(counts, jobs):
    return {key: round(value / jobs, 2) for key, value in counts.items()}


def strace_agent(binary, url, root, count):
    log = tempfile.mktemp(prefix="coze-drop-strace-")
    process = start_agent(binary, url, root, STRACE + ["-o", log])
    output = process.communicate()[1]
    if process.returncode != 0 or finished(root) != count:
        raise RuntimeError("agent under strace: %d of %d in outbox; %s" % (finished(root), count, output[-300:]))
    counts = count_strace(log, root)
    os.unlink(log)
    return per_job(counts, count)


def strace_loop(url, root, workers, count):
    log = tempfile.mktemp(prefix="coze-drop-strace-")
    run_loop(url, root, workers, count, STRACE + ["-o", log])
    counts = count_strace(log, root)
    os.unlink(log)
    return per_job(counts, count)


# ---------------------------------------------------------------------------------------------- scenarios

def contenders(share_mounts):
    """(label, kind, detail) in the order each round runs them."""
    rows = [("agent", "agent", 1)]
    if share_mounts:
        rows.append(("two agents, two mounts", "agent", 2))
    return rows + [("loop, 1 worker", "loop", 1), ("loop, 16 workers", "loop", 16)]


def peer(binary, url, count, rounds, use_strace, share=None):
    """Each round runs every contender once on a fresh folder (rounds alternate them, so a disk that
    slows down after many deletions slows all alike); then one more pass of each under strace."""
    mounts, server = (share["mounts"], share["server"]) if share else (None, None)
    base = None if share else tempfile.mkdtemp(prefix="coze-drop-peer-")
    serial = [0]

    def folder():
        serial[0] += 1
        name = "peer-%d-%d" % (os.getpid(), serial[0])
        if share:
            os.makedirs(os.path.join(server, name))
            return [os.path.join(mount, name) for mount in mounts], os.path.join(server, name)
        return [os.path.join(base, name)], None

    def clean(paths, server_root):
        shutil.rmtree(server_root or paths[0], ignore_errors=True)

    results = {label: {"rps": [], "seam": None} for label, _, _ in contenders(mounts)}
    seams = {label: [] for label in results}
    try:
        for _ in range(rounds):
            for label, kind, n in contenders(mounts):
                paths, server_root = folder()
                fill(paths[0], count, server_root)
                if kind == "agent":
                    outcome = run_agents(binary, url, paths[:n], count)
                    if outcome["seam"]:
                        seams[label].append(outcome["seam"])
                else:
                    outcome = run_loop(url, paths[0], n, count)
                results[label]["rps"].append(outcome["rps"])
                clean(paths, server_root)
        if use_strace:
            for label, kind, n in contenders(mounts):
                if n == 2 and kind == "agent":
                    continue  # two processes on two mounts: the seam counts above cover them
                paths, server_root = folder()
                fill(paths[0], count, server_root)
                results[label]["strace"] = (strace_agent(binary, url, paths[0], count) if kind == "agent"
                                            else strace_loop(url, paths[0], n, count))
                clean(paths, server_root)
    finally:
        if base:
            shutil.rmtree(base, ignore_errors=True)
    for label, entry in results.items():
        entry["rps_median"] = statistics.median(entry["rps"])
        if seams[label]:  # the agent's seam counts, over all rounds
            total = {key: sum(seam[key] for seam in seams[label]) for key in seams[label][0]}
            entry["seam"] = per_job(total, count * len(seams[label]))
            entry["seam_syscalls"] = per_job(seam_as_syscalls(total), count * len(seams[label]))
    best_loop = max(results["loop, 1 worker"]["rps_median"], results["loop, 16 workers"]["rps_median"])
    summary = {"requests": count, "rounds": rounds,
               "where": "an SMB share on loopback (Samba %s; two smbnetfs FUSE mounts; requests dropped in the server's folder)" % share["detail"] if share else "local disk (%s)" % filesystem_of(tempfile.gettempdir()),
               "cozepy": cozepy_version(), "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "results": results, "agent_vs_best_loop": results["agent"]["rps_median"] / best_loop}
    if mounts:
        summary["two_agents_rps"] = results["two agents, two mounts"]["rps_median"]
    return summary


def filesystem_of(path):
    found = subprocess.run(["df", "--output=fstype", path], capture_output=True, text=True)
    lines = found.stdout.split()
    return lines[-1] if found.returncode == 0 and lines else "?"


class SMBRig:
    """`netshare.py up --flavours smb` (as root); `down` undoes it, also after a failure."""

    def __enter__(self):
        if os.geteuid() != 0:
            raise RuntimeError("--share needs root (FUSE mounts and a private smbd); run it with sudo")
        up = subprocess.run([sys.executable, NETSHARE, "up", "--flavours", "smb"], capture_output=True, text=True)
        try:
            self.state = json.loads(up.stdout)
        except ValueError:
            raise RuntimeError("netshare.py up printed no description: " + up.stderr[-500:])
        self.rigdir = self.state.get("base")
        if "smb" not in self.state.get("shares", {}):
            self.__exit__()
            raise RuntimeError("no SMB share: %s" % self.state.get("problems", {}).get("smb", up.stderr[-500:]))
        return self.state["shares"]["smb"]

    def __exit__(self, *failure):
        if self.rigdir:
            subprocess.run([sys.executable, NETSHARE, "down", self.rigdir])


# ---------------------------------------------------------------------------------------------- RESULTS.md

HEADING = "## Side by side with a cozepy loop"
ABOUT = """The peer is `Benchmarks/cozepy_loop.py`, the polling loop a user would write with the official Python SDK
(cozepy %s): scan `inbox/` for `*.json`, `os.rename` each into `processing/` (a name per worker), call
`coze.workflows.runs.create`, write `NAME.response.json`, move the request and the record to `outbox/`; no settle
window, no journal, no fsync, nothing survives a crash. The agent is the release build running
`watch %s`. Both run against the same simulator, in the same invocation, on fresh folders;
the rounds alternate agent and loops so the disk's state affects all alike. Requests/s: the agent's from its
process start to its exit; the loop's from its first scan to its last move (its ~0.5 s import of cozepy left out).

File operations per job: one more pass of each under `strace -f -y -e trace=%%file,fsync,fdatasync,syncfs`, counting
only calls on paths in the benchmark's folder, divided by the requests: creates are opens with `O_CREAT`;
stats/opens are the stat family, `access`, and opens without `O_CREAT` (folder listings included); fsyncs count `syncfs` too (one flush of the whole file system, which the agent uses once per batch of jobs). The agent's
line "at the FileSystem seam" comes from the timed runs themselves (`COZE_DROP_COUNT_FILE_OPS=1`, a counting wrapper
around the same file system; same code paths). The agent's stats depend on timing: each scan of `inbox/` looks at
every file still waiting there, so a slower run (under strace, or a busy machine) scans more and stats more."""


def table(summary, share):
    r = summary["results"]
    lines = ["| who | requests/s, median of %d rounds (each round) | creates | renames | unlinks | stats/opens | fsyncs |" % summary["rounds"],
             "|---|---|---|---|---|---|---|"]
    for label, entry in r.items():
        ops = entry.get("strace") or (entry.get("seam_syscalls") if label.startswith("two") else None)
        cells = ["%g" % ops[k] for k in KINDS] if ops else ["—"] * 5
        note = " (from the seam)" if ops and not entry.get("strace") else ""
        lines.append("| %s%s | **%.0f** (%s) | %s |" % (label, note, entry["rps_median"], ", ".join("%.0f" % v for v in entry["rps"]), " | ".join(cells)))
    agent = r["agent"]
    if agent.get("seam"):
        s = agent["seam"]
        lines += ["", "The agent at the FileSystem seam, per job (timed runs, all rounds): %g stats, %g reads, %g listings, %g new files, "
                  "%g replaced (%g durably), %g moves, %g removed — as LocalFileSystem carries them out: %s." % (
                      s["stats"], s["reads"], s["listings"], s["new_files"], s["replaced"], s["durable_replacements"], s["moves"],
                      s["removed"], ", ".join("%g %s" % (v, k.replace("_", "/")) for k, v in agent["seam_syscalls"].items()))]
    ratio = summary["agent_vs_best_loop"]
    if share:
        lines += ["", "On the share `renameat2(RENAME_NOREPLACE)` answers EINVAL and the agent falls back to a checked `rename`: "
                  "strace counts both calls, the seam one move. The two agents' row is from the seam (two processes, no strace pass)."]
        lines += ["", "Targets: one agent ≥ the better loop: %s (%.2f×); two agents on two mounts ≥ 60 requests/s: %s (%.0f)." % (
            "met" if ratio >= 1 else "not met", ratio, "met" if summary["two_agents_rps"] >= 60 else "not met", summary["two_agents_rps"])]
    else:
        lines += ["", "Target: the agent ≥ 2× the better loop: %s (%.2f×)." % ("met" if ratio >= 2 else "not met", ratio)]
    return lines


def write_section(results_path, summary, share, command):
    """Replaces this run's part (local disk or SMB share) of the section in RESULTS.md, keeping the rest."""
    text = open(results_path).read() if os.path.exists(results_path) else "# CozeDrop benchmark results\n"
    sub = "### On an SMB share" if share else "### On local disk"
    part = [sub, "", "Run on %s, %d cores: `%s`, %d sync requests, %s." % (
        summary["date"], os.cpu_count(), command, summary["requests"], summary["where"]), ""] + table(summary, share) + [""]
    if HEADING not in text:
        text = text.rstrip("\n") + "\n\n" + HEADING + "\n\n" + ABOUT % (summary["cozepy"], " ".join(AGENT_FLAGS)) + "\n\n"
    head, section = text.split(HEADING, 1)
    parts = re.split(r"(?m)^(?=### )", section)
    intro, subsections = parts[0], {p.split("\n", 1)[0]: p for p in parts[1:]}
    intro = "\n\n" + ABOUT % (summary["cozepy"], " ".join(AGENT_FLAGS)) + "\n\n"
    subsections[sub] = "\n".join(part) + "\n"
    ordered = [subsections[k] for k in ("### On local disk", "### On an SMB share") if k in subsections]
    with open(results_path, "w") as handle:
        handle.write(head + HEADING + intro + "".join(ordered))
