#!/usr/bin/env python3
"""The floor a share sets (issue 12): each job's file operations alone, no HTTP, on an SMB share on
loopback (../shared/tools/netshare.py; root): the cozepy loop's (cozepy_loop.py) and the agent's as
CozeDrop does them now, at 1 and 16 threads, and each operation's cost. Writes its RESULTS.md section.

    sudo python3 Benchmarks/share_floor.py [--jobs 300] [--rounds 3] [--group 3] [--no-replace-cached]
"""
import argparse, collections, contextlib, ctypes, datetime, errno, json, os, re, shutil, signal, statistics, sys, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the tree
from peer import SMBRig  # noqa: E402  (netshare.py up/down, also on errors)

LIBC = ctypes.CDLL(None, use_errno=True)
HEADING = "## File operations alone on the share"
RECORD = json.dumps({"status": "success", "data": "x" * 120, "debug_url": "https://www.coze.cn/work_flow?execute_id=1"}).encode()
SUMMARY = ("Finished: r.json, workflow 1, 0.01 s. " * 6).encode()
BATCH = json.dumps({"entries": [{"job": "j", "name": "r.json", "phase": "settling"}] * 3}).encode()
COSTS = ("create+write+close", "rename", "renameat2 (EINVAL)", "stat", "open+read", "unlink", "syncfs", "listing")


class Ops:
    """The file operations, each counted by kind (`count`), on the paths given."""

    def __init__(self, cached):
        self.count, self.cached = collections.Counter(), cached

    def create(self, path, data):  # O_EXCL, like writeFile and writeTemporary (no fsync: not durable)
        self.count["create+write+close"] += 1
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        os.write(fd, data)
        os.close(fd)

    def rename(self, source, target):
        self.count["rename"] += 1
        os.rename(source, target)

    def stat(self, path):  # lstat; None when missing
        self.count["stat"] += 1
        try:
            return os.lstat(path)
        except FileNotFoundError:
            return None

    def read(self, path):  # readFile: open, fstat, read, close
        self.count["open+read"] += 1
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        os.fstat(fd), os.read(fd, 1 << 20), os.close(fd)

    def unlink(self, path):  # removeFile: ENOENT is fine
        self.count["unlink"] += 1
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)

    def syncfs(self, folder):  # FileSystem.synchronize: open the folder, syncfs, close
        self.count["syncfs"] += 1
        fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        failed = LIBC.syncfs(fd) != 0
        os.close(fd)
        if failed:
            raise OSError(ctypes.get_errno(), "syncfs " + folder)

    def listing(self, folder):
        self.count["listing"] += 1
        return os.listdir(folder)

    def move(self, source, target):
        """LocalFileSystem.moveWithoutReplacing: renameat2(RENAME_NOREPLACE); where the share answers
        EINVAL, a look at the target, then rename (with --no-replace-cached: no renameat2 first)."""
        if not self.cached:
            self.count["renameat2 (EINVAL)"] += 1
            if LIBC.renameat2(-100, source.encode(), -100, target.encode(), 1) == 0:
                return
            if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
                raise OSError(ctypes.get_errno(), "renameat2 " + source)
        if self.stat(target) is not None:
            raise FileExistsError(target)
        self.rename(source, target)

    def replace(self, path, data):  # replaceFile(durable: false): a temporary, then rename
        temporary = os.path.join(os.path.dirname(path), ".tmp-%d-%d" % (os.getpid(), threading.get_ident()))
        self.create(temporary, data)
        self.rename(temporary, path)


def loop_jobs(ops, root, index, names, group):
    """cozepy_loop.py's worker without the call (after one listing): rename into processing/ under the
    worker's own name, read, write the record, move record and request to outbox/; list again (empty)."""
    inbox, processing, outbox = (os.path.join(root, f) for f in ("inbox", "processing", "outbox"))
    for name in names:
        claimed = os.path.join(processing, "w%d-%s" % (index, name))
        ops.rename(os.path.join(inbox, name), claimed)
        ops.read(claimed)
        record = claimed[:-len(".json")] + ".response.json"
        ops.create(record, RECORD)
        ops.rename(record, os.path.join(outbox, name[:-len(".json")] + ".response.json"))
        ops.rename(claimed, os.path.join(outbox, name))
    ops.listing(inbox)


def agent_jobs(ops, root, index, names, group):
    """The agent's operations per job (JobStore+Claiming, +Filing, JournalBatcher, ResultSettler):
    look at the file, claim it into processing/agent/, read it, the `sending` entry (a batch of
    `group` jobs: temporary + rename + syncfs; alone: the job's own journal), look up the two
    destination names, write summary and record in place, the `settling` batch, three moves to
    outbox/, remove the job's journal; a batch file is removed once its jobs are done."""
    inbox, outbox = os.path.join(root, "inbox"), os.path.join(root, "outbox")
    own = os.path.join(root, "processing", "agent")
    for k, name in enumerate(names):
        base, stem, batch = os.path.join(own, "j%d-%d" % (index, k)), name[:-len(".json")], os.path.join(own, "b%d-%d" % (index, k // group))

        def journal(suffix):  # alone: the job's own journal; batched: the group's first job writes the batch
            if group == 1 or k % group == 0:
                ops.replace(base + ".state.json" if group == 1 else batch + suffix, BATCH)
                ops.syncfs(own)

        ops.stat(os.path.join(inbox, name))                          # the scan's look
        ops.move(os.path.join(inbox, name), base + ".json")          # the claim
        ops.read(base + ".json")
        journal("-s.journal")                                        # `sending`
        ops.stat(os.path.join(outbox, name))                         # freeStem: request and record names
        ops.stat(os.path.join(outbox, stem + ".response.json"))
        ops.create(base + ".summary.txt", SUMMARY)
        ops.create(base + ".response.json", RECORD)
        journal("-t.journal")                                        # `settling`
        ops.move(base + ".summary.txt", os.path.join(outbox, stem + ".summary.txt"))
        ops.move(base + ".response.json", os.path.join(outbox, stem + ".response.json"))
        ops.move(base + ".json", os.path.join(outbox, name))
        ops.unlink(base + ".state.json")                              # ENOENT when batched
        if group > 1 and (k % group == group - 1 or k == len(names) - 1):  # the batch's jobs are done
            ops.unlink(batch + "-s.journal")
            ops.unlink(batch + "-t.journal")


def prepare(share, jobs, serial):
    """A fresh folder on the share; the requests dropped through the server's folder (not measured),
    then waited for until mount 1 lists them all."""
    name = "floor-%d-%d" % (os.getpid(), serial)
    server, root = os.path.join(share["server"], name), os.path.join(share["mounts"][0], name)
    for folder in ("inbox", "processing/agent", "outbox"):
        os.makedirs(os.path.join(server, folder))
    for i in range(jobs):
        with open(os.path.join(server, "inbox", "r%d.json" % i), "w") as handle:
            json.dump({"workflow_id": "1", "parameters": {"n": i}}, handle)
    deadline = time.monotonic() + 30
    while len(os.listdir(os.path.join(root, "inbox"))) < jobs:
        if time.monotonic() > deadline:
            raise RuntimeError("mount 1 does not list the %d requests" % jobs)
        time.sleep(0.1)
    return server, root


def run(share, kind, threads, group, jobs, cached, serial):
    server, root = prepare(share, jobs, serial)
    counters = [Ops(cached) for _ in range(threads)]
    failures = []

    def work(index, names):
        try:
            (loop_jobs if kind == "loop" else agent_jobs)(counters[index], root, index, names, group)
        except Exception as error:
            failures.append(error)

    began = time.monotonic()
    names = sorted(n for n in counters[0].listing(os.path.join(root, "inbox")) if n.endswith(".json"))  # one scan, shared out
    workers = [threading.Thread(target=work, args=(i, names[i::threads])) for i in range(threads)]
    [worker.start() for worker in workers]
    [worker.join() for worker in workers]
    wall = time.monotonic() - began
    done = len([n for n in os.listdir(os.path.join(server, "outbox")) if n.endswith(".response.json")])
    shutil.rmtree(server, ignore_errors=True)
    if failures or done != jobs:
        raise RuntimeError("%s, %d threads: %d of %d filed; %r" % (kind, threads, done, jobs, failures[:1]))
    total = sum((c.count for c in counters), collections.Counter())
    return wall, {key: value / jobs for key, value in total.items()}


def costs(share, samples, serial):
    """Each operation alone, `samples` times, single-threaded on mount 1: ms taken, by kind."""
    server, root = prepare(share, 0, serial)
    ops, times = Ops(False), collections.defaultdict(list)
    a, b = os.path.join(root, "inbox"), os.path.join(root, "outbox")

    def timed(kind, call, *arguments):
        began = time.perf_counter()
        result = call(*arguments)
        return times[kind].append((time.perf_counter() - began) * 1000) or result

    for i in range(samples):
        timed("create+write+close", ops.create, "%s/f%d" % (a, i), RECORD)
    for i in range(samples):
        timed("stat", ops.stat, "%s/f%d" % (a, i))
        timed("stat", ops.stat, "%s/missing%d" % (b, i))
        timed("open+read", ops.read, "%s/f%d" % (a, i))
        timed("rename", ops.rename, "%s/f%d" % (a, i), "%s/f%d" % (b, i))
        code = timed("renameat2 (EINVAL)", LIBC.renameat2, -100, ("%s/f%d" % (b, i)).encode(), -100, ("%s/g%d" % (a, i)).encode(), 1)
        if code == 0:
            os.rename("%s/g%d" % (a, i), "%s/f%d" % (b, i))  # this file system can do it: put it back
        timed("syncfs", ops.syncfs, a)
    for i in range(samples // 10):
        timed("listing", ops.listing, b)
    for i in range(samples):
        timed("unlink", ops.unlink, "%s/f%d" % (b, i))
    shutil.rmtree(server, ignore_errors=True)
    return times


def contenders(group):
    rows = [("cozepy loop's operations", "loop", 1), ("cozepy loop's operations", "loop", 16)]
    for g in sorted({1, group, 16}):
        rows += [("agent's operations, g=%d" % g, g, 1), ("agent's operations, g=%d" % g, g, 16)]
    return rows


def report(share, results, cost, args, command):
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [HEADING, "", "Run on %s, %d cores: `%s`; an SMB share on loopback (%s; FUSE), mount 1 only, "
             "%d jobs per run, median of %d rounds. No HTTP: only each job's file operations (`Benchmarks/share_floor.py` says "
             "which, after cozepy_loop.py and the JobStore/JournalBatcher/LocalFileSystem code), the requests dropped through "
             "the server's folder beforehand. g = jobs per journal batch (one `sending` and one `settling` batch file, each "
             "a temporary + rename + syncfs; g=1: the job's own journal). Moves: %s." % (
                 when, os.cpu_count(), command, share["detail"], args.jobs, args.rounds,
                 "stat of the target, then rename (renameat2 not tried: `--no-replace-cached`)" if args.no_replace_cached else
                 "renameat2(RENAME_NOREPLACE) → EINVAL, then stat of the target, then rename (the agent's fallback)"), "",
             "| operations | threads | jobs/s (each round) | ms per job | per job: creates / renames / renameat2 / stats / reads / unlinks / syncfs / listings | predicted ms per job at 1 thread |",
             "|---|---|---|---|---|---|"]
    for (label, kind, threads), (walls, counts) in results.items():
        rates = [args.jobs / w for w in walls]
        per = " / ".join("%.2g" % counts.get(k, 0) for k in COSTS)
        predicted = sum(counts.get(k, 0) * cost[k][1] for k in COSTS)
        lines.append("| %s | %d | **%.0f** (%s) | %.1f | %s | %.1f |" % (
            label, threads, statistics.median(rates), ", ".join("%.0f" % r for r in rates), 1000 * statistics.median(walls) / args.jobs, per, predicted))
    lines += ["", "Each operation alone on mount 1, single-threaded (%d samples per round; stat: half present, half missing; listing: "
              "a folder of %d names): " % (args.samples, args.samples) + "; ".join(
                  "%s %.2f ms median, %.2f mean" % (k, cost[k][0], cost[k][1]) for k in COSTS if k in cost) + ".",
              "", "Predicted = the operations per job × their mean cost alone; the 16-thread rows show what overlapping them buys.", ""]
    rate = {key: statistics.median(args.jobs / w for w in walls) for key, (walls, _) in results.items()}
    best = lambda kind: max(v for (_, k, _), v in rate.items() if k == kind)
    lines += ["The floor: the loop's operations alone reach %.0f jobs/s; the agent's %.0f at g=1, %.0f at g=%d, %.0f at g=16 "
              "(the better of 1 and 16 threads; 16 threads ÷ 1 thread: %s)." % (
                  best("loop"), best(1), best(args.group), args.group, best(16), ", ".join(
                      "%.2f" % (rate[(l, k, 16)] / rate[(l, k, 1)]) for (l, k, t) in rate if t == 1)), ""]
    return lines


def write_section(lines):
    """Replaces the section in RESULTS.md, or puts it before peer.py's section (whose writer keeps
    nothing after its own subsections), or at the end."""
    path = os.path.join(HERE, "RESULTS.md")
    text = open(path).read()
    section = "\n".join(lines).rstrip("\n") + "\n\n"
    match = re.search(r"(?ms)^%s\n.*?(?=^## |\Z)" % re.escape(HEADING), text)
    if match:
        text = text[:match.start()] + section + text[match.end():]
    elif "\n## Side by side with a cozepy loop" in text:
        at = text.index("\n## Side by side with a cozepy loop") + 1
        text = text[:at] + section + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as handle:
        handle.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--group", type=int, default=3, help="jobs per journal batch (g=1 and g=16 run too)")
    parser.add_argument("--samples", type=int, default=100, help="samples of each operation alone")
    parser.add_argument("--no-replace-cached", action="store_true", help="moves skip renameat2 (the agent remembers the share refuses it)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    command = "sudo python3 Benchmarks/share_floor.py " + " ".join(sys.argv[1:])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))  # so the share is taken down
    with SMBRig() as share:
        serial = iter(range(1, 1 << 30))
        results, samples = {}, collections.defaultdict(list)
        for _ in range(args.rounds):  # rounds alternate the contenders, so the share's state affects all alike
            for kind, values in costs(share, args.samples, next(serial)).items():
                samples[kind] += values
            for label, kind, threads in contenders(args.group):
                wall, counts = run(share, "loop" if kind == "loop" else "agent", threads, 1 if kind == "loop" else kind,
                                   args.jobs, args.no_replace_cached, next(serial))
                entry = results.setdefault((label, kind, threads), ([], counts))
                entry[0].append(wall)
                print("%s, %d threads: %.0f jobs/s" % (label, threads, args.jobs / wall), file=sys.stderr, flush=True)
    cost = {kind: (statistics.median(values), statistics.mean(values)) for kind, values in samples.items()}
    lines = report(share, results, cost, args, command.strip())
    print("\n".join(lines))
    if not args.no_write:
        write_section(lines)


if __name__ == "__main__":
    main()
