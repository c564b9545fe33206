#!/usr/bin/env python3
"""Benchmarks of the gateway, run by bench/run.sh (which builds the jar first).

Starts the fat jar with WA_SENDER=log (a dry run: the worker marks messages sent without a
browser) against a fresh database on a PostgreSQL server, then measures:
  - enqueue: POST /send-message/ with wrk at 16 and 64 connections (throughput, p50/p99, rows
    stored against 2xx answers), with the worker draining at the same time;
  - drain: messages per second from pending to sent, with 1 and 4 instances on one database;
  - both again with 10k, 100k and 1M sent rows already in the table;
  - resident memory idle and under load, and start-up time to /health/ready.
Where the time goes is measured, not guessed: CPU seconds per process (service, PostgreSQL,
wrk) and per thread group of the service during a 64-connection run, plus the hottest frames
of a Java Flight Recorder sample of that run.
"""

import collections
import datetime
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
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000 100000 1000000").split()]
JAVA_OPTS = os.environ.get(
    "BENCH_JAVA_OPTS",
    "-XX:+UseSerialGC -Xss512k -Xms32m -Xmx128m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m"
    " -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000",
).split()
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "docs", "benchmarks.md"))
KEY = "bench-key-0001"
JDBC = f"jdbc:postgresql://{PGHOST}:{PGPORT}/{DB}?user={PGUSER}"
TICK = os.sysconf("SC_CLK_TCK")
WORK = tempfile.mkdtemp(prefix="wa-bench-")


def log(msg):
    print(msg, flush=True)


def psql(sql, db=DB):
    r = subprocess.run(
        ["psql", "-h", PGHOST, "-p", PGPORT, "-U", PGUSER, "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
        capture_output=True, text=True, check=True)
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


def postgres_ticks():
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != "postgres":
                    continue
            total += cpu_ticks(pid)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return total


THREAD_GROUPS = [
    ("HTTP I/O threads (parse, write)", re.compile(r"^XNIO-\d+ I/O")),
    ("HTTP handler threads (auth, SQL, JSON)", re.compile(r"^XNIO-\d+ task")),
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

    def __init__(self, name, port):
        self.name, self.port = name, port
        env = dict(os.environ)
        env.update({
            "WA_DATABASE_URL": JDBC, "WA_SENDER": "log", "WA_HTTP_HOST": "127.0.0.1",
            "WA_HTTP_PORT": str(port), "WA_INSTANCE_ID": name,
            "WA_WORKER_POLL_INTERVAL": os.environ.get("BENCH_POLL", "200ms"),
            "WA_WORKER_BATCH_SIZE": os.environ.get("BENCH_BATCH", "10"),
            # One client sends everything here: the default per-client quota (60 a minute) would
            # answer 429 to nearly every request.
            "WA_QUOTA_PER_MINUTE": "0", "WA_QUOTA_PER_DAY": "0",
            # As in the Dockerfile: fewer glibc malloc arenas, less resident memory for idle threads.
            "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"),
        })
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

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wrk(port, conns, seconds):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", "-s", LUA,
         f"http://127.0.0.1:{port}/send-message/"],
        capture_output=True, text=True, check=True, env={**os.environ, "BENCH_API_KEY": KEY}).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}


def enqueue(inst, conns, profile=False, jfr_on=False):
    before_rows = rows()
    j0, p0, t0 = cpu_ticks(inst.pid), postgres_ticks(), thread_ticks(inst.pid)
    wrk_usage0 = os.times()
    peak = [rss_mb(inst.pid)]
    jfr = os.path.join(WORK, "enqueue.jfr")
    waits = collections.Counter()
    sampling = threading.Event()
    if jfr_on:
        # settings=default samples every 20 ms; "profile" adds allocation sampling that itself
        # slowed the run several times over.
        subprocess.run(["jcmd", str(inst.pid), "JFR.start", "name=bench", "settings=default",
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
    sampler_stop = time.monotonic() + DURATION
    proc = subprocess.Popen(
        ["wrk", "-t2", f"-c{conns}", f"-d{DURATION}s", "--latency", "-s", LUA,
         f"http://127.0.0.1:{inst.port}/send-message/"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "BENCH_API_KEY": KEY})
    while proc.poll() is None:
        if time.monotonic() < sampler_stop:
            peak.append(rss_mb(inst.pid))
        time.sleep(0.25)
    out = proc.stdout.read()
    j1, p1, t1 = cpu_ticks(inst.pid), postgres_ticks(), thread_ticks(inst.pid)
    wrk_usage1 = os.times()
    if profile:
        sampling.set()
        sampler.join()
    if jfr_on:
        subprocess.run(["jcmd", str(inst.pid), "JFR.stop", "name=bench"], capture_output=True, check=True)
    time.sleep(0.5)
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    r = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    r["ok"] = int(r["requests"] - r["non2xx"])
    r["rows_added"] = rows() - before_rows
    r["rows_before"] = before_rows
    r["rss_peak_mb"] = max(peak)
    secs = r["seconds"]
    r["cpu"] = {
        "service (JVM)": (j1 - j0) / TICK / secs,
        "PostgreSQL": (p1 - p0) / TICK / secs,
        "wrk": (wrk_usage1.children_user + wrk_usage1.children_system
                - wrk_usage0.children_user - wrk_usage0.children_system) / secs,
    }
    r["threads"] = {g: (t1[g] - t0[g]) / TICK / secs for g in t1}
    r["jfr"] = jfr if jfr_on else None
    r["waits"] = waits
    return r


def drain(n, instances):
    """Inserts n due messages at once; seconds until none is pending or sending."""
    wait_idle()
    client_id, contact_id = psql("SELECT client_id, contact_id FROM message_queue LIMIT 1").split("|")
    psql(f"INSERT INTO message_queue (client_id, contact_id, text) "
         f"SELECT {client_id}, {contact_id}, 'drain ' || g FROM generate_series(1, {n}) g")
    started = time.monotonic()
    j0, p0 = sum(cpu_ticks(i.pid) for i in instances), postgres_ticks()
    while unfinished() > 0:
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    j1, p1 = sum(cpu_ticks(i.pid) for i in instances), postgres_ticks()
    return {"instances": len(instances), "messages": n, "seconds": elapsed, "rate": n / elapsed,
            "jvm_cores": (j1 - j0) / TICK / elapsed, "pg_cores": (p1 - p0) / TICK / elapsed}


def wait_idle(timeout=600):
    deadline = time.monotonic() + timeout
    while unfinished() > 0:
        if time.monotonic() > deadline:
            sys.exit("The queue did not drain")
        time.sleep(0.1)


def fill_to(target):
    """Adds sent rows (a long-lived queue's history) until the table holds target rows."""
    missing = target - rows()
    if missing > 0:
        log(f"  adding {missing:,} sent rows")
        psql(f"INSERT INTO message_queue (client_id, contact_id, text, status, attempts, send_at, created_at, sent_at) "
             f"SELECT c.client_id, c.id, 'background message ' || g, 'sent', 1, "
             f"now() - interval '1 day', now() - interval '1 day', now() - interval '1 day' "
             f"FROM generate_series(1, {missing}) g, (SELECT id, client_id FROM contact LIMIT 1) c")
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
    return {
        "host": platform.node(), "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem,
        "kernel": platform.release(), "java": java, "postgres": pg,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main():
    log(f"Benchmark on {PGHOST}:{PGPORT}, database {DB} (recreated); logs in {WORK}")
    psql(f"DROP DATABASE IF EXISTS {DB}", db="postgres")
    psql(f"CREATE DATABASE {DB}", db="postgres")
    info = machine()
    info["load_before"] = info["load"]

    main_inst = Instance("bench-1", 18181)
    first_start = main_inst.startup_s
    time.sleep(2)
    idle_rss = rss_mb(main_inst.pid)
    subprocess.run(["java", "-jar", JAR, "client", "create", "bench", "--api-key", KEY],
                   env={**os.environ, "WA_DATABASE_URL": JDBC}, capture_output=True, check=True)
    log(f"start-up to ready: {first_start:.2f} s (fresh database, migrations applied); idle RSS {idle_rss:.0f} MB")

    log(f"warming up the JIT: {WARMUP} s of requests")
    wrk(main_inst.port, 16, WARMUP)
    wait_idle()
    drain(min(DRAIN_N, 10000), [main_inst])  # and the worker's path

    results = []
    profile = None
    for i, size in enumerate(SIZES):
        log(f"== {size:,} rows in the table")
        fill_to(size)
        level = {"size": size, "enqueue": [], "drain": []}
        for conns in (16, 64):
            wait_idle()
            r = enqueue(main_inst, conns)
            level["enqueue"].append((conns, r))
            log(f"  enqueue c={conns}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
                f"2xx {r['ok']}, rows added {r['rows_added']}, non-2xx {int(r['non2xx'])}, "
                f"peak RSS {r['rss_peak_mb']:.0f} MB (table had {r['rows_before']:,} rows)")
        if profile is None:
            # A separate run: the recording's own cost stays out of the figures above.
            wait_idle()
            profile = enqueue(main_inst, 64, profile=True)
            log(f"  profiled run c=64 (database sessions sampled): {profile['rps']:.0f} req/s")
            wait_idle()
            recorded = enqueue(main_inst, 64, jfr_on=True)
            profile["jfr"], profile["jfr_rps"] = recorded["jfr"], recorded["rps"]
            log(f"  run c=64 under Java Flight Recorder: {recorded['rps']:.0f} req/s")
        d1 = drain(DRAIN_N, [main_inst])
        level["drain"].append(d1)
        log(f"  drain, 1 instance: {d1['rate']:.0f} msg/s ({DRAIN_N} in {d1['seconds']:.1f} s;"
            f" CPU: service {d1['jvm_cores']:.2f}, PostgreSQL {d1['pg_cores']:.2f} cores)")
        extra = [Instance(f"bench-{k}", 18181 + k - 1) for k in (2, 3, 4)]
        drain(min(DRAIN_N, 5000), [main_inst, *extra])  # warm the new JVMs
        d4 = drain(DRAIN_N, [main_inst, *extra])
        level["drain"].append(d4)
        log(f"  drain, 4 instances: {d4['rate']:.0f} msg/s ({DRAIN_N} in {d4['seconds']:.1f} s;"
            f" CPU: services {d4['jvm_cores']:.2f}, PostgreSQL {d4['pg_cores']:.2f} cores)")
        for e in extra:
            e.stop()
        level["rows_after"] = rows()
        results.append(level)

    time.sleep(3)
    idle_after = rss_mb(main_inst.pid)
    main_inst.stop()

    # An experiment, not a setting to use: without waiting for the WAL flush at each commit,
    # how fast does one worker drain? The difference is the cost of one durable commit per message.
    psql(f"ALTER DATABASE {DB} SET synchronous_commit = off", db="postgres")
    async_inst = Instance("bench-async", 18181)
    drain(min(DRAIN_N, 5000), [async_inst])
    async_drain = drain(DRAIN_N, [async_inst])
    async_inst.stop()
    psql(f"ALTER DATABASE {DB} RESET synchronous_commit", db="postgres")
    log(f"drain, 1 instance, synchronous_commit=off (experiment): {async_drain['rate']:.0f} msg/s")

    restart = Instance("bench-restart", 18181)
    restart_s = restart.startup_s
    restart.stop()
    info["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    log(f"restart to ready: {restart_s:.2f} s; RSS idle after load {idle_after:.0f} MB")

    write_report(info, first_start, restart_s, idle_rss, idle_after, results, profile, async_drain)
    log(f"Wrote {os.path.relpath(OUT, ROOT)}")
    shutil.rmtree(WORK, ignore_errors=True)


def write_report(info, first_start, restart_s, idle_rss, idle_after, results, profile, async_drain):
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
    w(f"- Load average before the run: {info['load_before']}; after: {info['load_after']}. Anything above"
      f" 0 is other work sharing the {info['cores']} cores: the service, PostgreSQL and wrk share them too.")
    w(f"- Service JVM flags: `{' '.join(JAVA_OPTS)}`, `MALLOC_ARENA_MAX=2`; `WA_SENDER=log` (dry run), worker batch"
      f" {os.environ.get('BENCH_BATCH', '10')}, poll {os.environ.get('BENCH_POLL', '200ms')}")
    w(f"- Enqueue: wrk, 2 threads, {DURATION} s per run after a {WARMUP} s warm-up, a different phone"
      f" number per request (contacts upserted), one client, quotas off (`WA_QUOTA_PER_MINUTE=0`,"
      f" `WA_QUOTA_PER_DAY=0`), the worker draining at the same time.")
    w("")
    w("## Enqueue: `POST /send-message/`")
    w("")
    w("| rows in table | connections | requests/s | p50 ms | p99 ms | 2xx answers | rows stored | non-2xx |"
      " service CPU (cores) | PostgreSQL CPU (cores) |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for level in results:
        for conns, r in level["enqueue"]:
            w(f"| {r['rows_before']:,} | {conns} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
              f"{r['ok']:,} | {r['rows_added']:,} | {int(r['non2xx'])} | {r['cpu']['service (JVM)']:.2f} |"
              f" {r['cpu']['PostgreSQL']:.2f} |")
    w("")
    w("Rows stored can exceed 2xx answers by the requests in flight when wrk stops: stored and"
      " committed, but their answer arrived after wrk stopped counting.")
    w("")
    w("## Drain: pending to sent with the log sender")
    w("")
    w(f"{DRAIN_N:,} due messages inserted in one statement; time until none is pending or sending.")
    w("")
    w("| rows in table (at the end of the level) | instances | messages/s | service CPU (cores) | PostgreSQL CPU (cores) |")
    w("|---:|---:|---:|---:|---:|")
    for level in results:
        for d in level["drain"]:
            w(f"| {level['rows_after']:,} | {d['instances']} | {d['rate']:,.0f} | {d['jvm_cores']:.2f} | {d['pg_cores']:.2f} |")
    w("")
    w(f"Experiment: the same drain with one instance after `ALTER DATABASE ... SET synchronous_commit = off`"
      f" (commits no longer wait for the WAL flush; not a recommended setting): {async_drain['rate']:,.0f}"
      f" messages/s (service {async_drain['jvm_cores']:.2f}, PostgreSQL {async_drain['pg_cores']:.2f} cores)."
      f" The difference to the 1-instance figures above is the price of one durable commit per message.")
    w("")
    w("## Memory and start-up")
    w("")
    peak = max(r["rss_peak_mb"] for level in results for _, r in level["enqueue"])
    w(f"- Resident memory (RSS of the JVM): idle after start {idle_rss:.0f} MB; peak under load {peak:.0f} MB;"
      f" idle after the load {idle_after:.0f} MB.")
    w(f"- Start-up to `/health/ready` = 200: {first_start:.2f} s on a fresh database (migrations applied),"
      f" {restart_s:.2f} s on a migrated one.")
    w("")
    if profile:
        w("## Where the time goes (64 connections, first level)")
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
        w("Inside the service, by thread:")
        w("")
        w("| threads | cores |")
        w("|---|---:|")
        for k, v in sorted(profile["threads"].items(), key=lambda kv: -kv[1]):
            if v >= 0.005:
                w(f"| {k} | {v:.2f} |")
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
    w("## Goals")
    w("")
    best = max((r for level in results for _, r in level["enqueue"]), key=lambda r: r["rps"])
    d1s = [d["rate"] for level in results for d in level["drain"] if d["instances"] == 1]
    e64 = [r["rps"] for level in results for c, r in level["enqueue"] if c == 64]
    w(f"- Enqueue >= 5,000 req/s with p99 < 20 ms: best {best['rps']:,.0f} req/s, p99 {best['p99_ms']:.1f} ms.")
    w(f"- Drain >= 2,000 msg/s (1 instance): {', '.join(f'{x:,.0f}' for x in d1s)} msg/s by level.")
    if len(e64) > 1:
        w(f"- Flat within 20 % from the first to the last level: enqueue (64 connections)"
          f" {(e64[-1] / e64[0] - 1):+.0%}, drain (1 instance) {(d1s[-1] / d1s[0] - 1):+.0%}.")
    w(f"- Under 200 MB resident under load: peak {peak:.0f} MB.")
    w("")
    text = "\n".join(L)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
