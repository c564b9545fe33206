#!/usr/bin/env python3
"""Benchmarks of the gateway, run by bench/run.sh (which builds the jar first).

Starts the fat jar with WA_SENDER=log (a dry run: the worker marks messages sent without a
browser) against a fresh database on a PostgreSQL server, quotas on (limits too high to refuse
anything), and measures in one run:
  - enqueue: POST /send-message/ with wrk at 16 and 64 connections (throughput, p50/p99), with
    the worker draining at the same time; every 2xx answer's id is looked up among the stored rows;
  - beside it, PostgreSQL's own single-row insert: pgbench with the same connections, same
    machine, same server;
  - the same enqueue with 100,000 of the client's messages created in the last hour, and with
    1,000,000 older sent rows in the table;
  - two instances on one database, each driven by its own wrk: their sum;
  - the enqueue once more with the worker held, so the group commit's own cost shows;
  - drain: messages per second from pending to sent, with 1 and 2 instances;
  - resident memory idle and under load, and start-up time to /health/ready.
Where the time goes is measured, not guessed: CPU per request of the service, of the bench
database's PostgreSQL backends and of the load generator; per thread group of the service during
a 64-connection run; the sessions' wait events; and the hottest frames of a Java Flight Recorder
sample of that run.
"""

import collections
import datetime
import glob
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "whatsapp-api.jar")
LUA = os.path.join(ROOT, "bench", "send-message.lua")

PGHOST = os.environ.get("BENCH_PGHOST", "127.0.0.1")
PGPORT = os.environ.get("BENCH_PGPORT", "5432")
PGUSER = os.environ.get("BENCH_PGUSER", "postgres")
DB = os.environ.get("BENCH_DB", "wa_bench")
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "20"))
DRAIN_N = int(os.environ.get("BENCH_DRAIN_MESSAGES", "20000"))
RECENT_ROWS = int(os.environ.get("BENCH_RECENT_ROWS", "100000"))
OLD_ROWS = int(os.environ.get("BENCH_OLD_ROWS", "1000000"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "16 64").split()]
JAVA_OPTS = os.environ.get(
    "BENCH_JAVA_OPTS",
    "-XX:+UseSerialGC -Xss512k -Xms32m -Xmx128m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m"
    " -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000",
).split()
# Quotas on, as deployed, with limits no run reaches: 1,000,000 a minute refills 16,666 a second.
QUOTA_PER_MINUTE = os.environ.get("BENCH_QUOTA_PER_MINUTE", "1000000")
QUOTA_PER_DAY = os.environ.get("BENCH_QUOTA_PER_DAY", "100000000")
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "docs", "benchmarks.md"))
KEY = "bench-key-0001"
JDBC = f"jdbc:postgresql://{PGHOST}:{PGPORT}/{DB}?user={PGUSER}"
TICK = os.sysconf("SC_CLK_TCK")
WORK = tempfile.mkdtemp(prefix="wa-bench-")
PGBENCH_SQL = "INSERT INTO bench_single_insert (payload) VALUES ('benchmark message');\n"


def log(msg):
    print(msg, flush=True)


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def psql(sql, db=DB, stdin=None):
    r = subprocess.run(
        ["psql", "-h", PGHOST, "-p", PGPORT, "-U", PGUSER, "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt",
         *(["-c", sql] if sql else [])],
        input=stdin, capture_output=True, text=True, check=True)
    return r.stdout.strip()


def rows():
    return int(psql("SELECT count(*) FROM message_queue"))


def unfinished():
    # One count per status, so each reads its small partial index: an IN list scans the whole
    # table, which at 1M rows would load PostgreSQL with the benchmark's own polling.
    return int(psql("SELECT (SELECT count(*) FROM message_queue WHERE status = 'pending')"
                    " + (SELECT count(*) FROM message_queue WHERE status = 'sending')"))


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


class DatabaseCpu:
    """CPU of the PostgreSQL backends serving the bench database (not other databases' sessions
    on a shared server, nor the shared WAL writer and checkpointer): their process titles name the
    database, and they are sampled while the run lasts, so sessions that end with it count too."""

    def __init__(self):
        self.first, self.last = {}, {}
        self.stopping = threading.Event()
        self.sample(initial=True)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def sample(self, initial=False):
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    title = f.read().decode(errors="replace")
                if not title.startswith("postgres: ") or f" {DB} " not in title:
                    continue
                ticks = cpu_ticks(pid)
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
            # A session that starts during the run counts from zero.
            self.first.setdefault(pid, ticks if initial else 0)
            self.last[pid] = ticks

    def run(self):
        while not self.stopping.wait(0.25):
            self.sample()

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        self.stopping.set()
        self.thread.join()
        self.sample()
        return sum(self.last[p] - self.first.get(p, 0) for p in self.last) / TICK


THREAD_GROUPS = [
    ("HTTP I/O threads (parse, write)", re.compile(r"^XNIO-\d+ I/O")),
    ("HTTP request threads (auth, validate, answer)", re.compile(r"^XNIO-\d+ task")),
    ("group commit writer", re.compile(r"^message-intake")),
    ("queue worker", re.compile(r"^queue-worker")),
    ("JIT compilers", re.compile(r"Compiler")),
    ("GC and VM", re.compile(r"^(VM Thread|GC|VM Periodic)")),
]


def thread_ticks(pid):
    groups = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            ticks = cpu_ticks(f"{pid}/task/{tid}")
        except (FileNotFoundError, ProcessLookupError):
            continue
        group = next((g for g, p in THREAD_GROUPS if p.search(name)), "other")
        groups[group] += ticks
    return groups


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Instance:
    """One service process (java -jar ... serve) with the log sender."""

    def __init__(self, name, port, extra_env=None):
        self.name, self.port = name, port
        env = dict(os.environ)
        env.update({
            "WA_DATABASE_URL": JDBC, "WA_SENDER": "log", "WA_HTTP_HOST": "127.0.0.1",
            "WA_HTTP_PORT": str(port), "WA_INSTANCE_ID": name,
            "WA_WORKER_POLL_INTERVAL": os.environ.get("BENCH_POLL", "200ms"),
            "WA_WORKER_BATCH_SIZE": os.environ.get("BENCH_BATCH", "10"),
            "WA_QUOTA_PER_MINUTE": QUOTA_PER_MINUTE, "WA_QUOTA_PER_DAY": QUOTA_PER_DAY,
            # As in the Dockerfile: fewer glibc malloc arenas, less resident memory for idle threads.
            "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"),
        })
        env.update(extra_env or {})
        self.log_path = os.path.join(WORK, f"{name}.log")
        started = time.monotonic()
        self.proc = subprocess.Popen(["java", *JAVA_OPTS, "-jar", JAR, "serve"], env=env,
                                     stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        while not self.ready():
            if self.proc.poll() is not None:
                sys.exit(f"{name} exited during start-up:\n" + open(self.log_path).read())
            time.sleep(0.02)
        self.startup_s = time.monotonic() - started

    def ready(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/ready", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    @property
    def pid(self):
        return self.proc.pid

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_wrk(port, conns, seconds, ids=None):
    env = {**os.environ, "BENCH_API_KEY": KEY}
    if ids:
        env["BENCH_IDS"] = ids
    return subprocess.Popen(
        ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", "-s", LUA,
         f"http://127.0.0.1:{port}/send-message/"], stdout=subprocess.PIPE, text=True, env=env)


def wrk_result(proc):
    out = proc.stdout.read()
    proc.wait()
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}


def warm(port, seconds):
    # Both connection counts: the group commit runs hot in different code at each.
    for conns in CONNECTIONS:
        wrk_result(start_wrk(port, conns, seconds))


def answered_and_stored(prefix):
    """How many 201s the run got, and how many of their ids are rows in the table."""
    ids = os.path.join(WORK, "answered.txt")
    with open(ids, "w") as out:
        for path in glob.glob(prefix + "-*"):
            with open(path) as f:
                shutil.copyfileobj(f, out)
            os.remove(path)
    result = psql(None, stdin=(
        "CREATE TEMP TABLE answered (id bigint);\n"
        f"\\copy answered FROM '{ids}'\n"
        "SELECT count(*) || ' ' || count(m.id) FROM answered a LEFT JOIN message_queue m USING (id);\n"))
    answered, stored = (int(x) for x in result.split())
    return answered, stored


def enqueue(instances, conns, profile=False, jfr_on=False):
    """wrk against each instance at once, conns connections each; figures per instance and summed."""
    before_rows = rows()
    before_id = int(psql("SELECT coalesce(max(id), 0) FROM message_queue"))
    j0 = {i.name: cpu_ticks(i.pid) for i in instances}
    t0 = thread_ticks(instances[0].pid)
    wrk_usage0 = os.times()
    pg = DatabaseCpu()
    peak = [rss_mb(instances[0].pid)]
    jfr = os.path.join(WORK, "enqueue.jfr")
    waits = collections.Counter()
    sampling = threading.Event()
    load_before = load()
    if jfr_on:
        # settings=default samples every 20 ms; "profile" adds allocation sampling that itself
        # slowed the run several times over.
        subprocess.run(["jcmd", str(instances[0].pid), "JFR.start", "name=bench", "settings=default",
                        f"filename={jfr}"], capture_output=True, check=True)
    if profile:

        def sample_waits():
            # What each of the service's database sessions is doing, five times a second.
            while not sampling.is_set():
                out = psql("SELECT coalesce(wait_event_type, 'on CPU') || ': ' || coalesce(wait_event, state)"
                           f" FROM pg_stat_activity WHERE datname = '{DB}' AND pid <> pg_backend_pid()")
                waits.update(l for l in out.splitlines() if l)
                time.sleep(0.2)
        sampler = threading.Thread(target=sample_waits, daemon=True)
        sampler.start()
    stop_sampling = time.monotonic() + DURATION
    prefixes = {i.name: os.path.join(WORK, f"ids-{i.name}") for i in instances}
    procs = {i.name: start_wrk(i.port, conns, DURATION, prefixes[i.name]) for i in instances}
    while any(p.poll() is None for p in procs.values()):
        if time.monotonic() < stop_sampling:
            peak.append(rss_mb(instances[0].pid))
        time.sleep(0.25)
    per = {name: wrk_result(p) for name, p in procs.items()}
    j1 = {i.name: cpu_ticks(i.pid) for i in instances}
    t1 = thread_ticks(instances[0].pid)
    wrk_usage1 = os.times()
    pg_seconds = pg.stop()
    if profile:
        sampling.set()
        sampler.join()
    if jfr_on:
        subprocess.run(["jcmd", str(instances[0].pid), "JFR.stop", "name=bench"], capture_output=True, check=True)
    time.sleep(0.5)
    for i in instances:
        r = per[i.name]
        r["ok"] = int(r["requests"] - r["non2xx"])
        r["answered"], r["stored"] = answered_and_stored(prefixes[i.name])
    r = {
        "instances": len(instances), "conns": conns, "per": per, "load": load_before,
        "rps": sum(x["rps"] for x in per.values()),
        "p50_ms": max(x["p50_ms"] for x in per.values()), "p99_ms": max(x["p99_ms"] for x in per.values()),
        "requests": sum(x["requests"] for x in per.values()), "seconds": max(x["seconds"] for x in per.values()),
        "non2xx": sum(int(x["non2xx"]) for x in per.values()),
        "socket_errors": sum(int(x["socket_errors"]) for x in per.values()),
        "ok": sum(x["ok"] for x in per.values()), "answered": sum(x["answered"] for x in per.values()),
        "stored": sum(x["stored"] for x in per.values()),
        "rows_before": before_rows, "rss_peak_mb": max(peak), "jfr": jfr if jfr_on else None, "waits": waits,
    }
    r["rows_added"] = rows() - before_rows
    # Messages of one group share a created_at: the transaction's time.
    added, commits = (int(x) for x in psql(
        "SELECT count(*) || ' ' || count(DISTINCT created_at) FROM message_queue"
        f" WHERE id > {before_id} AND text LIKE 'benchmark message %'").split())
    r["group_size"] = added / max(1, commits)
    secs, n = r["seconds"], max(1, r["requests"])
    jvm = sum(j1[k] - j0[k] for k in j1) / TICK
    gen = (wrk_usage1.children_user + wrk_usage1.children_system
           - wrk_usage0.children_user - wrk_usage0.children_system)
    r["cpu"] = {"service (JVM)": jvm / secs, "PostgreSQL (bench database's sessions)": pg_seconds / secs,
                "wrk": gen / secs}
    r["us_per_request"] = {"service": jvm / n * 1e6, "postgres": pg_seconds / n * 1e6, "client": gen / n * 1e6}
    r["threads"] = {g: (t1[g] - t0[g]) / TICK / secs for g in t1}
    return r


def pgbench(conns):
    """PostgreSQL's own single-row insert: one INSERT per transaction, prepared, conns sessions."""
    script = os.path.join(WORK, "insert.sql")
    with open(script, "w") as f:
        f.write(PGBENCH_SQL)
    prefix = os.path.join(WORK, f"pgbench-{conns}")
    usage0 = os.times()
    pg = DatabaseCpu()
    load_before = load()
    out = subprocess.run(
        ["pgbench", "-h", PGHOST, "-p", PGPORT, "-U", PGUSER, "-n", "-M", "prepared", "-c", str(conns),
         "-j", "2", "-T", str(DURATION), "-f", script, "-l", "--log-prefix", prefix, DB],
        capture_output=True, text=True, check=True).stdout
    pg_seconds = pg.stop()
    usage1 = os.times()
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", out).group(1))
    latencies = []
    for path in glob.glob(prefix + ".*"):
        with open(path) as f:
            latencies.extend(int(line.split()[2]) for line in f)
        os.remove(path)
    latencies.sort()
    n = max(1, len(latencies))
    client = usage1.children_user + usage1.children_system - usage0.children_user - usage0.children_system
    return {"tps": tps, "transactions": len(latencies), "load": load_before,
            "p50_ms": latencies[n // 2] / 1000 if latencies else 0,
            "p99_ms": latencies[min(n - 1, int(n * 0.99))] / 1000 if latencies else 0,
            "us_per_request": {"service": 0, "postgres": pg_seconds / n * 1e6, "client": client / n * 1e6}}


def drain(n, instances):
    """Inserts n due messages at once; seconds until none is pending or sending."""
    wait_idle()
    # As autovacuum would have by now: the claim's plan depends on fresh statistics.
    psql("ANALYZE message_queue")
    client_id, contact_id = psql("SELECT client_id, contact_id FROM message_queue LIMIT 1").split("|")
    psql(f"INSERT INTO message_queue (client_id, contact_id, text) "
         f"SELECT {client_id}, {contact_id}, 'drain ' || g FROM generate_series(1, {n}) g")
    started = time.monotonic()
    j0, pg = sum(cpu_ticks(i.pid) for i in instances), DatabaseCpu()
    while unfinished() > 0:
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    j1, pg_seconds = sum(cpu_ticks(i.pid) for i in instances), pg.stop()
    return {"instances": len(instances), "messages": n, "seconds": elapsed, "rate": n / elapsed,
            "jvm_cores": (j1 - j0) / TICK / elapsed, "pg_cores": pg_seconds / elapsed}


def wait_idle(timeout=600):
    deadline = time.monotonic() + timeout
    while unfinished() > 0:
        if time.monotonic() > deadline:
            sys.exit("The queue did not drain")
        time.sleep(0.1)


def add_recent(n):
    """n of the client's messages created over the last hour, already sent: today's volume."""
    log(f"  adding {n:,} of the client's messages created in the last hour")
    psql(f"INSERT INTO message_queue (client_id, contact_id, text, status, attempts, send_at, created_at, sent_at) "
         f"SELECT c.client_id, c.id, 'earlier message ' || g, 'sent', 1, t, t, t "
         f"FROM generate_series(1, {n}) g, (SELECT id, client_id FROM contact LIMIT 1) c, "
         f"LATERAL (SELECT now() - (g % 3600) * interval '1 second' AS t) w")
    psql("VACUUM ANALYZE message_queue")


def add_old(n):
    """n sent rows of a day ago: a long-lived queue's history."""
    log(f"  adding {n:,} sent rows of a day ago")
    psql(f"INSERT INTO message_queue (client_id, contact_id, text, status, attempts, send_at, created_at, sent_at) "
         f"SELECT c.client_id, c.id, 'background message ' || g, 'sent', 1, "
         f"now() - interval '1 day', now() - interval '1 day', now() - interval '1 day' "
         f"FROM generate_series(1, {n}) g, (SELECT id, client_id FROM contact LIMIT 1) c")
    psql("VACUUM ANALYZE message_queue")


def jfr_hot_frames(path, top=12):
    """Leaf frames and packages of a JFR recording's execution samples."""
    out = subprocess.run(["jfr", "print", "--stack-depth", "1", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True).stdout
    frames = collections.Counter()
    packages = collections.Counter()
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if "stackTrace = [" in line and i + 1 < len(lines):
            frame = re.sub(r"\s+line:.*", "", lines[i + 1].strip())
            frames[frame] += 1
            method = frame.split("(")[0]
            parts = method.split(".")
            pkg = ".".join(parts[:3]) if parts[0] in ("org", "com", "io") else ".".join(parts[:2])
            packages[pkg] += 1
    total = sum(frames.values()) or 1
    return total, [(f, n / total) for f, n in frames.most_common(top)], \
        [(p, n / total) for p, n in packages.most_common(top)]


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = int(open("/proc/meminfo").readline().split()[1]) // 1024 // 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    pg = psql("SHOW server_version", db="postgres")
    return {"host": platform.node(), "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem,
            "kernel": platform.release(), "java": java, "postgres": pg, "load_before": load()}


def describe(r):
    return (f"{r['rps']:,.0f} req/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms,"
            f" {r['group_size']:.1f} messages per commit, 2xx {r['ok']:,}"
            f" ({r['stored']:,} of {r['answered']:,} answered ids stored), non-2xx {r['non2xx']}, load {r['load']}")


def main():
    log(f"Benchmark on {PGHOST}:{PGPORT}, database {DB} (recreated); logs in {WORK}")
    psql(f"DROP DATABASE IF EXISTS {DB}", db="postgres")
    psql(f"CREATE DATABASE {DB}", db="postgres")
    info = machine()

    main_inst = Instance("bench-1", 18181)
    first_start = main_inst.startup_s
    psql("CREATE TABLE bench_single_insert (id bigserial PRIMARY KEY, payload text NOT NULL,"
         " created_at timestamptz NOT NULL DEFAULT now())")
    time.sleep(2)
    idle_rss = rss_mb(main_inst.pid)
    subprocess.run(["java", "-jar", JAR, "client", "create", "bench", "--api-key", KEY],
                   env={**os.environ, "WA_DATABASE_URL": JDBC}, capture_output=True, check=True)
    log(f"start-up to ready: {first_start:.2f} s (fresh database, migrations applied); idle RSS {idle_rss:.0f} MB")

    log(f"warming up the JIT: {WARMUP} s of requests at each connection count")
    warm(main_inst.port, WARMUP)
    wait_idle()
    drain(min(DRAIN_N, 10000), [main_inst])  # and the worker's path
    # The measured levels start from an empty queue: the warm-up's rows and quota usage go.
    psql("TRUNCATE message_queue, idempotency_key, quota_bucket CASCADE")
    psql("VACUUM ANALYZE")

    levels = []
    profile = None
    plan = [("empty table", None), (f"{RECENT_ROWS:,} of the client's messages created in the last hour", add_recent)]
    if OLD_ROWS:
        plan.append((f"and {OLD_ROWS:,} older sent rows", add_old))
    for title, fill in plan:
        log(f"== {title}")
        if fill:
            fill(RECENT_ROWS if fill is add_recent else OLD_ROWS)
        level = {"title": title, "enqueue": [], "pgbench": [], "drain": []}
        for conns in CONNECTIONS:
            wait_idle()
            r = enqueue([main_inst], conns)
            level["enqueue"].append(r)
            log(f"  gateway c={conns}: {describe(r)}")
            if fill is None:
                p = pgbench(conns)
                level["pgbench"].append(p)
                log(f"  pgbench c={conns}: {p['tps']:,.0f} tps, p50 {p['p50_ms']:.1f} ms, p99 {p['p99_ms']:.1f} ms,"
                    f" load {p['load']}")
        d1 = drain(DRAIN_N, [main_inst])
        level["drain"].append(d1)
        log(f"  drain, 1 instance: {d1['rate']:,.0f} msg/s ({DRAIN_N} in {d1['seconds']:.1f} s)")
        if profile is None:
            # Separate runs, after the drain: the recording's own cost stays out of the figures.
            wait_idle()
            profile = enqueue([main_inst], 64, profile=True)
            log(f"  profiled run c=64 (database sessions sampled): {profile['rps']:,.0f} req/s")
            wait_idle()
            recorded = enqueue([main_inst], 64, jfr_on=True)
            profile["jfr"], profile["jfr_rps"] = recorded["jfr"], recorded["rps"]
            log(f"  run c=64 under Java Flight Recorder: {recorded['rps']:,.0f} req/s")
        level["rows_after"] = rows()
        levels.append(level)

    log("== two instances on one database")
    second = Instance("bench-2", 18182)
    warm(second.port, WARMUP)
    wait_idle()
    pair = {"enqueue": [], "drain": []}
    for conns in CONNECTIONS:
        wait_idle()
        r = enqueue([main_inst, second], conns)
        pair["enqueue"].append(r)
        log(f"  two instances, c={conns} each: {describe(r)}")
    d2 = drain(DRAIN_N, [main_inst, second])
    pair["drain"].append(d2)
    log(f"  drain, 2 instances: {d2['rate']:,.0f} msg/s")
    second.stop()

    time.sleep(3)
    idle_after = rss_mb(main_inst.pid)
    main_inst.stop()
    restart = Instance("bench-restart", 18181)
    restart_s = restart.startup_s
    restart.stop()

    log("== the group commit alone: the worker holds one message in a dry-run send of an hour")
    # Last, since the held message stays 'sending' until its lease ends.
    held = Instance(
        "bench-held",
        18181,
        {"WA_LOG_SENDER_DELAY": "1h", "WA_WORKER_LEASE": "2h", "WA_WORKER_BATCH_SIZE": "1"},
    )
    warm(held.port, WARMUP)
    alone = []
    for conns in CONNECTIONS:
        r = enqueue([held], conns)
        alone.append(r)
        log(f"  intake alone c={conns}: {describe(r)}")
    held.kill()
    info["load_after"] = load()
    log(f"restart to ready: {restart_s:.2f} s; RSS idle after load {idle_after:.0f} MB")

    write_report(info, first_start, restart_s, idle_rss, idle_after, levels, pair, profile, alone)
    log(f"Wrote {os.path.relpath(OUT, ROOT)}")
    shutil.rmtree(WORK, ignore_errors=True)


def write_report(info, first_start, restart_s, idle_rss, idle_after, levels, pair, profile, alone):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    L = []
    w = L.append
    w("# Benchmarks")
    w("")
    w(f"Written by `bench/run.sh` on {now}. Re-run it to replace this file.")
    w("")
    w("## Machine")
    w("")
    w(f"- {info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB RAM, Linux {info['kernel']}")
    w(f"- {info['java']}; PostgreSQL {info['postgres']} on the same machine (127.0.0.1, default settings)")
    w(f"- Load average before the run: {info['load_before']}; after: {info['load_after']}; each table gives it"
      f" at the start of every run. Anything above about 2 is other work queueing for the {info['cores']} cores"
      " besides the service, PostgreSQL and the load generator.")
    w(f"- Service JVM flags: `{' '.join(JAVA_OPTS)}`, `MALLOC_ARENA_MAX=2`; `WA_SENDER=log` (dry run), worker batch"
      f" {os.environ.get('BENCH_BATCH', '10')}, poll {os.environ.get('BENCH_POLL', '200ms')}; group commit"
      " settings at their defaults")
    w(f"- Enqueue: wrk, 2 threads, {DURATION} s per run after a warm-up of {WARMUP} s at each connection count, the seed's `POST /send-message/`"
      " body, one client, 100,000 phone numbers in turn (contacts found, or created on first use), quotas on"
      f" (`WA_QUOTA_PER_MINUTE={QUOTA_PER_MINUTE}`, `WA_QUOTA_PER_DAY={QUOTA_PER_DAY}`: checked on every request,"
      " never reached), the worker draining at the same time.")
    w("- pgbench: `pgbench -n -M prepared -j 2 -c N` running `" + PGBENCH_SQL.strip() + "` (one row per"
      " transaction, a table with a bigserial key) against the same server, while the service idles.")
    w("- CPU per request: the service's process, the PostgreSQL backends of the bench database (the shared WAL"
      " writer and checkpointer not included) and the load generator, divided by the requests of the run.")
    w("")
    w("## Enqueue against PostgreSQL's single-row insert")
    w("")
    w("| table | connections | gateway req/s | pgbench tps | gateway / pgbench | gateway p50 / p99 ms |"
      " pgbench p50 / p99 ms | messages per commit | 2xx | 2xx ids stored | non-2xx | CPU µs per request:"
      " service, PostgreSQL, wrk | pgbench: PostgreSQL, pgbench | load (gateway, pgbench) |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    first = levels[0]
    for r, p in zip(first["enqueue"], first["pgbench"]):
        u, q = r["us_per_request"], p["us_per_request"]
        w(f"| {first['title']} | {r['conns']} | {r['rps']:,.0f} | {p['tps']:,.0f} | {r['rps'] / p['tps']:.0%} |"
          f" {r['p50_ms']:.1f} / {r['p99_ms']:.1f} | {p['p50_ms']:.1f} / {p['p99_ms']:.1f} |"
          f" {r['group_size']:.1f} | {r['ok']:,} |"
          f" {r['stored']:,} of {r['answered']:,} | {r['non2xx']} | {u['service']:.0f}, {u['postgres']:.0f},"
          f" {u['client']:.0f} | {q['postgres']:.0f}, {q['client']:.0f} | {r['load']}; {p['load']} |")
    w("")
    w("The same without the worker draining (it holds one message in a dry-run send of an hour), at the end"
      " of the run: what accepting a message costs by itself, against pgbench's figures above.")
    w("")
    w("| connections | gateway req/s | gateway / pgbench | p50 / p99 ms | messages per commit | 2xx ids stored |"
      " CPU µs per request: service, PostgreSQL, wrk | load |")
    w("|---:|---:|---:|---:|---:|---:|---:|---|")
    tps = {p_conns: p["tps"] for p_conns, p in zip(CONNECTIONS, first["pgbench"])}
    for r in alone:
        u = r["us_per_request"]
        w(f"| {r['conns']} | {r['rps']:,.0f} | {r['rps'] / tps[r['conns']]:.0%} | {r['p50_ms']:.1f} /"
          f" {r['p99_ms']:.1f} | {r['group_size']:.1f} | {r['stored']:,} of {r['answered']:,} |"
          f" {u['service']:.0f}, {u['postgres']:.0f}, {u['client']:.0f} | {r['load']} |")
    w("")
    w("## Enqueue with history in the table")
    w("")
    w("| table | connections | req/s | against the empty table | p50 ms | p99 ms | messages per commit | 2xx |"
      " 2xx ids stored | non-2xx | CPU µs per request: service, PostgreSQL, wrk | load |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    base = {r["conns"]: r["rps"] for r in first["enqueue"]}
    for level in levels:
        for r in level["enqueue"]:
            u = r["us_per_request"]
            w(f"| {level['title']} | {r['conns']} | {r['rps']:,.0f} | {r['rps'] / base[r['conns']] - 1:+.0%} |"
              f" {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['group_size']:.1f} | {r['ok']:,} |"
              f" {r['stored']:,} of {r['answered']:,} |"
              f" {r['non2xx']} | {u['service']:.0f}, {u['postgres']:.0f}, {u['client']:.0f} | {r['load']} |")
    w("")
    w("Rows stored exceed 2xx answers by the requests in flight when wrk stops (stored, answered after wrk"
      " stopped counting); every id answered with 201 is looked up in the table.")
    w("")
    w("## Two instances on one database")
    w("")
    w("Each instance driven by its own wrk with the given connections, at the same time.")
    w("")
    w("| connections each | instance 1 req/s | instance 2 req/s | sum | p99 ms (worse of the two) |"
      " messages per commit | 2xx ids stored | non-2xx | load |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in pair["enqueue"]:
        a, b = r["per"]["bench-1"], r["per"]["bench-2"]
        w(f"| {r['conns']} | {a['rps']:,.0f} | {b['rps']:,.0f} | {r['rps']:,.0f} | {r['p99_ms']:.1f} |"
          f" {r['group_size']:.1f} |"
          f" {r['stored']:,} of {r['answered']:,} | {r['non2xx']} | {r['load']} |")
    w("")
    w("## Drain: pending to sent with the log sender")
    w("")
    w(f"{DRAIN_N:,} due messages inserted in one statement; time until none is pending or sending.")
    w("")
    w("| table | instances | messages/s | service CPU (cores) | PostgreSQL CPU (cores) |")
    w("|---|---:|---:|---:|---:|")
    for level in levels:
        for d in level["drain"]:
            w(f"| {level['title']} ({level['rows_after']:,} rows) | {d['instances']} | {d['rate']:,.0f} |"
              f" {d['jvm_cores']:.2f} | {d['pg_cores']:.2f} |")
    for d in pair["drain"]:
        w(f"| at the end | {d['instances']} | {d['rate']:,.0f} | {d['jvm_cores']:.2f} | {d['pg_cores']:.2f} |")
    w("")
    w("## Memory and start-up")
    w("")
    peak = max(r["rss_peak_mb"] for level in levels for r in level["enqueue"])
    w(f"- Resident memory (RSS of the JVM): idle after start {idle_rss:.0f} MB; peak under load {peak:.0f} MB;"
      f" idle after the load {idle_after:.0f} MB.")
    w(f"- Start-up to `/health/ready` = 200: {first_start:.2f} s on a fresh database (migrations applied),"
      f" {restart_s:.2f} s on a migrated one.")
    w("")
    if profile:
        write_profile(w, profile)
    w("## Goals")
    w("")
    by_conns = {r["conns"]: (r, p) for r, p in zip(first["enqueue"], first["pgbench"])}
    for conns, goal in ((16, 0.6), (64, 1.0)):
        if conns in by_conns:
            r, p = by_conns[conns]
            w(f"- At least {goal:.0%} of pgbench's rate at {conns} connections: {r['rps'] / p['tps']:.0%}"
              f" ({r['rps']:,.0f} against {p['tps']:,.0f}).")
    if 16 in by_conns:
        w(f"- p99 under 20 ms at 16 connections: {by_conns[16][0]['p99_ms']:.1f} ms.")
    all_runs = [r for level in levels for r in level["enqueue"]] + pair["enqueue"] + alone
    w(f"- Every 2xx a stored row: {sum(r['stored'] for r in all_runs):,} of {sum(r['answered'] for r in all_runs):,}"
      f" answered ids found; {sum(r['non2xx'] for r in all_runs)} non-2xx answers.")
    d1s = [d["rate"] for level in levels for d in level["drain"]]
    w(f"- Drain at least 2,000 msg/s (1 instance): {', '.join(f'{x:,.0f}' for x in d1s)} msg/s.")
    if len(levels) > 1:
        changes = ", ".join(f"{r['conns']} connections {r['rps'] / base[r['conns']] - 1:+.0%}" for r in levels[1]["enqueue"])
        w(f"- With {RECENT_ROWS:,} of the client's messages of the last hour, within 10 % of the empty table: {changes}.")
    sums = ", ".join(f"{r['rps']:,.0f} req/s at {r['conns']} connections each" for r in pair["enqueue"])
    w(f"- Two instances on one database, their sum: {sums}.")
    w("")
    text = "\n".join(L)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    print("\n" + text)


def write_profile(w, profile):
    w("## Where the time goes (64 connections, empty table)")
    w("")
    w(f"A separate run in which the database sessions were sampled: {profile['rps']:,.0f} requests/s,"
      f" p99 {profile['p99_ms']:.1f} ms.")
    w("")
    w("CPU used during the run, in cores (1.00 = one core busy the whole run):")
    w("")
    w("| process | cores |")
    w("|---|---:|")
    for k, v in profile["cpu"].items():
        w(f"| {k} | {v:.2f} |")
    w("")
    w("Inside the service, by thread, in cores and in µs per request:")
    w("")
    w("| threads | cores | µs per request |")
    w("|---|---:|---:|")
    for k, v in sorted(profile["threads"].items(), key=lambda kv: -kv[1]):
        if v >= 0.005:
            w(f"| {k} | {v:.2f} | {v * profile['seconds'] / max(1, profile['requests']) * 1e6:.0f} |")
    w("")
    n = sum(profile["waits"].values()) or 1
    w("What the service's PostgreSQL sessions were doing (`pg_stat_activity`, sampled five times"
      " a second; `Client: ClientRead` is a session waiting for the service, `Lock: ...` one"
      " waiting for another transaction's lock, `IO: WALSync` a commit waiting for the disk):")
    w("")
    w("| session state | share |")
    w("|---|---:|")
    for k, v in profile["waits"].most_common(8):
        w(f"| {k} | {v / n:.0%} |")
    w("")
    total, frames, packages = jfr_hot_frames(profile["jfr"])
    w(f"Java Flight Recorder (`settings=default`) on a further run, which it slowed to"
      f" {profile['jfr_rps']:,.0f} requests/s: {total:,} execution samples; share by the package of the"
      " running frame, then the hottest frames:")
    w("")
    w("| package | share |")
    w("|---|---:|")
    for p, share in packages:
        w(f"| `{p}` | {share:.0%} |")
    w("")
    w("| frame | share |")
    w("|---|---:|")
    for f, share in frames:
        w(f"| `{f}` | {share:.0%} |")
    w("")


if __name__ == "__main__":
    main()
