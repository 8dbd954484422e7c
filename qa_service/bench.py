"""Benchmark: where an answer's time goes, the production server under load, start-up, memory, growth.

Everything is measured in one run so the numbers compare on a noisy machine:
the floor (one forward pass of the model over a question), `engine.ask`,
HTTP through gunicorn on loopback at several concurrencies (a bounded run of
wrk, or of a thread pool of Python clients where wrk is not installed), cold start to /readyz,
index build time and size, memory per worker, and the same at 10x and 100x a
synthetic corpus made by repeating the review's body.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from .config import SECONDS_PER_LEVEL, Settings
from .embed import Embedder, load_embedder
from .evaluate import load_cases
from .index import build_index

PACKAGES = ("torch", "sentence-transformers", "onnxruntime", "faiss-cpu", "bm25s", "flask", "gunicorn", "numpy")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if values else float("nan")


def _ms(values: list[float]) -> dict:
    return {f"p{q}": round(percentile(values, q) * 1000, 2) for q in (50, 95, 99)}


def bench_engine(engine, questions: list[str], rounds: int = 2) -> dict:
    """Bare query embedding (the floor) and engine.ask, interleaved so both see the same machine."""
    for question in questions[:10]:
        engine.ask(question)
    floor, ask = [], []
    for _ in range(rounds):
        for question in questions:
            floor.append(_seconds(engine.embedder.embed, [question]))
            ask.append(_seconds(engine.ask, question))
    floor_ms, ask_ms = _ms(floor), _ms(ask)
    return {
        "floor_ms": floor_ms,
        "ask_ms": ask_ms,
        "ratio_p50": round(ask_ms["p50"] / floor_ms["p50"], 2),
        "questions": len(questions) * rounds,
    }


def _seconds(call: Callable, *args) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def ask_p50_ms(engine, questions: list[str]) -> float:
    """engine.ask p50 over the questions, warm, timed again around each HTTP level (see run_levels)."""
    return round(percentile([_seconds(engine.ask, q) for q in questions], 50) * 1000, 2)


def run_levels(
    levels: tuple[int, ...],
    load_level: Callable[[int], dict],
    reference: Callable[[], float] | None = None,
    pause: float = 0.0,
) -> list[dict]:
    """Each level's load results, in order, after a pause; with `reference`, also `ask` p50 timed
    just before and just after the level (the server idle), to show how far the machine's speed
    moved from the run's own `ask` p50 while the level ran."""
    results = []
    # Requests a level's client left in flight when it stopped still queue at the workers (up to
    # `level` of them); the pause lets them finish before the next timing or level.
    time.sleep(pause)
    before = reference() if reference else None
    for level in levels:
        result = load_level(level)
        time.sleep(pause)
        if reference:
            after = reference()
            result["reference_ask_p50_ms"] = [before, after]
            before = after
        results.append(result)
    return results


class CachingEmbedder:
    """Embeds each distinct text once: a repeated corpus then costs no extra model time."""

    def __init__(self, inner: Embedder):
        self.inner, self.name, self.dimension = inner, inner.name, inner.dimension
        self.cache: dict[str, np.ndarray] = {}
        self.texts_embedded = 0

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            self.texts_embedded += len(missing)
            for text, vector in zip(missing, self.inner.embed(missing, progress=progress), strict=True):
                self.cache[text] = vector
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)

    def export_query_encoder(self, folder: Path, check_texts: list[str]) -> dict | None:
        """Export as the wrapped model would, so benchmarked indexes serve as real ones do."""
        export = getattr(self.inner, "export_query_encoder", None)
        return export(folder, check_texts) if export else None


def synthetic_corpus(source: Path, factor: int, out: Path) -> Path:
    """The review with its body (abstract to conclusions) repeated `factor` times."""
    text = source.read_text(encoding="utf-8")
    start, end = text.index("\nAbstract\n"), text.index("\nACKNOWLEDGMENTS\n")
    out.write_text(text[:start] + text[start:end] * factor + text[end:], encoding="utf-8")
    return out


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def bench_build(settings: Settings, embedder: Embedder, workdir: Path, factor: int = 1) -> dict:
    """Build an index from scratch; at factor > 1, repeated texts are embedded once (see CachingEmbedder)."""
    corpus = settings.corpus if factor == 1 else synthetic_corpus(settings.corpus, factor, workdir / f"x{factor}.txt")
    target = replace(settings, corpus=corpus, index_dir=workdir / f"index-x{factor}")
    caching = CachingEmbedder(embedder)
    started = time.perf_counter()
    manifest = build_index(target, caching, progress=False)
    seconds = time.perf_counter() - started
    return {
        "factor": factor,
        "settings": target,
        "build_s": round(seconds, 1),
        "chunks": manifest["counts"]["chunks"],
        "sentences": manifest["counts"]["sentences"],
        "texts_embedded": caching.texts_embedded,
        "index_bytes": _dir_size(target.index_dir),
    }


def probe(settings: Settings, questions: list[str]) -> dict:
    """In a fresh process: load the engine over an index, time ask, report resident memory."""
    script = (
        "import json, sys, time, statistics\n"
        "from qa_service import QAEngine\n"
        "from qa_service.config import Settings\n"
        "from pathlib import Path\n"
        "settings = Settings.from_env(index_dir=Path(sys.argv[1]), corpus=Path(sys.argv[2]))\n"
        "engine = QAEngine.load(settings, rebuild=False, progress=False)\n"
        "questions = json.loads(sys.argv[3])\n"
        "for q in questions[:5]: engine.ask(q)\n"
        "times = []\n"
        "for q in questions:\n"
        "    s = time.perf_counter(); engine.ask(q); times.append(time.perf_counter() - s)\n"
        "rss = int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) // 1024\n"
        "print(json.dumps({'ask_p50_ms': round(statistics.median(times) * 1000, 2), 'rss_mb': rss}))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script, str(settings.index_dir), str(settings.corpus), json.dumps(questions)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"QA_SERVICE_THREADS": "1"},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _free_port() -> int:
    import socket

    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def _memory(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(status.split("VmRSS:")[1].split()[0]) // 1024
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        pss = int(rollup.split("Pss:")[1].split()[0]) // 1024
    except (OSError, IndexError):
        pss = None
    return {"pid": pid, "rss_mb": rss, "pss_mb": pss}


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def load(base: str, questions: list[str], concurrency: int, requests: int, seconds: float | None = None) -> dict:
    """Up to `requests` POSTs to /api/ask (and for at most `seconds`) from `concurrency` keep-alive
    clients; latency percentiles, throughput and errors (any non-200 or broken connection)."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    stop_at = time.perf_counter() + seconds if seconds else float("inf")

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        while time.perf_counter() < stop_at:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            body = json.dumps({"question": questions[number % len(questions)]})
            started = time.perf_counter()
            try:
                connection.request("POST", "/api/ask", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                status = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                ok, status = False, error.__class__.__name__
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if ok else errors).append(elapsed if ok else status)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "throughput_rps": round(len(latencies) / wall, 1),
        **{k: v for k, v in _ms(latencies).items()},
    }


# Pause before the first HTTP load level and after each: 16 abandoned requests take two workers ~0.2 s.
LEVEL_PAUSE_S = 1.0

# wrk's Lua hooks: cycle through the request bodies; at the end print one JSON line of results.
WRK_SCRIPT = """
local bodies = { %s }
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter %% #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "errors": %%d, "p50": %%d, "p95": %%d, ' ..
    '"p99": %%d}\\n', summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_version() -> str | None:
    """wrk's version line if wrk is installed (Debian: apt-get install wrk), else None."""
    if shutil.which("wrk") is None:
        return None
    banner = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.strip()
    return banner.split(" [")[0] or "wrk"


def load_wrk(base: str, questions: list[str], concurrency: int, seconds: int, workdir: Path) -> dict:
    """`seconds` of POSTs to /api/ask from wrk with `concurrency` connections; as `load` reports."""
    # Lua long brackets take any JSON text verbatim.
    bodies = ",\n".join("[==[" + json.dumps({"question": q}, ensure_ascii=False) + "]==]" for q in questions)
    script = workdir / "ask.lua"
    script.write_text(WRK_SCRIPT % bodies, encoding="utf-8")
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script)]
    finished = subprocess.run([*command, f"{base}/api/ask"], capture_output=True, text=True)
    if "RESULT " not in finished.stdout:
        raise RuntimeError(f"wrk failed: {(finished.stderr or finished.stdout)[-500:]}")
    result = json.loads(finished.stdout.split("RESULT ", 1)[1].splitlines()[0])
    answered = result["requests"] - result["errors"]
    return {
        "concurrency": concurrency,
        "requests": result["requests"],
        "errors": result["errors"],
        "throughput_rps": round(answered / (result["duration_us"] / 1e6), 1),
        **{q: round(result[q] / 1000, 2) for q in ("p50", "p95", "p99")},
    }


@contextlib.contextmanager
def serving(index_dir: Path, workdir: Path, *, workers: int, corpus: Path | None = None):
    """`qa-service serve` (gunicorn) on a free loopback port over a built index, until the block ends.

    Yields (base URL, process). Its output goes to workdir/server.log and the answers it stores to
    workdir/feedback.sqlite3, never to the project's own folders.
    """
    port = _free_port()
    log_path = workdir / "server.log"
    env = os.environ | {
        "QA_SERVICE_INDEX_DIR": str(index_dir),
        "QA_SERVICE_WORKERS": str(workers),
        "QA_SERVICE_FEEDBACK_DB": str(workdir / "feedback.sqlite3"),
    }
    if corpus is not None:
        env["QA_SERVICE_CORPUS"] = str(corpus)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qa_service.cli", "serve", "--port", str(port), "--strict"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {log_path.read_text()[-1500:]}")
                try:
                    with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.05)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def bench_http(
    settings: Settings,
    questions: list[str],
    levels: tuple[int, ...],
    seconds: int,
    workdir: Path,
    reference: Callable[[], float] | None = None,
) -> dict:
    """Start `qa-service serve` (gunicorn, workers = cores) over a built index and load it for
    `seconds` at each level, with wrk where it is installed.

    `reference` times engine.ask p50 in this process while the server is idle (see run_levels).
    """
    generator = wrk_version()
    started = time.perf_counter()
    with serving(settings.index_dir, workdir, workers=settings.workers, corpus=settings.corpus) as (base, server):
        cold_start = time.perf_counter() - started
        load(base, questions, concurrency=settings.workers, requests=4 * settings.workers)  # first-request costs

        def load_level(level: int) -> dict:
            if generator:
                return load_wrk(base, questions, level, seconds, workdir)
            return load(base, questions, level, requests=1_000_000, seconds=seconds)

        results = run_levels(levels, load_level, reference, pause=LEVEL_PAUSE_S)
        workers = [_memory(pid) for pid in _children(server.pid)]
        master = _memory(server.pid)
    log_text = (workdir / "server.log").read_text()
    return {
        "cold_start_s": round(cold_start, 2),
        "load_generator": generator or "Python http.client threads (wrk not installed)",
        "seconds_per_level": seconds,
        "pause_around_levels_s": LEVEL_PAUSE_S,
        "levels": results,
        "workers": workers,
        "master": master,
        "engine_loads": log_text.count("engine loaded"),
    }


def run(
    settings: Settings,
    *,
    growth: tuple[int, ...] = (1, 10, 100),
    levels: tuple[int, ...] = (1, 4, 16),
    seconds: int = SECONDS_PER_LEVEL,
    out: Path | None = None,
) -> dict:
    """The whole benchmark; prints a table and writes results as JSON."""
    from .engine import QAEngine

    cores = os.cpu_count() or 1
    settings = replace(settings, workers=cores)
    questions = [
        c.question for c in load_cases(Path(__file__).resolve().parent.parent / "eval" / "qa.jsonl") if not c.history
    ]
    workdir = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    try:
        print(f"Building the index from scratch ({cores} cores) …", flush=True)
        build_embedder = load_embedder(settings.model, threads=cores)
        builds = [bench_build(settings, build_embedder, workdir, factor) for factor in growth]
        base_build = builds[0]
        seconds_per_text = base_build["build_s"] / max(1, base_build["texts_embedded"])
        print("Timing the floor and engine.ask …", flush=True)
        engine = QAEngine.load(base_build["settings"], rebuild=False, progress=False)
        engine_numbers = bench_engine(engine, questions)
        print("Loading the production server …", flush=True)
        reference = functools.partial(ask_p50_ms, engine, questions)
        http_numbers = bench_http(base_build["settings"], questions, levels, seconds, workdir, reference=reference)
        del engine, reference
        print("Growth …", flush=True)
        growth_rows = []
        for build in builds:
            probed = probe(build["settings"], questions[:60])
            growth_rows.append(
                {k: v for k, v in build.items() if k != "settings"}
                | probed
                | {
                    "build_s_if_all_embedded": round(
                        build["build_s"]
                        + seconds_per_text * (build["sentences"] + build["chunks"] - build["texts_embedded"]),
                        1,
                    )
                }
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results = {
        "machine": {
            "cores": cores,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "packages": {p: importlib.metadata.version(p) for p in PACKAGES},
            "torch_threads_per_worker": settings.threads,
        },
        "engine": engine_numbers,
        "http": http_numbers,
        "build": {"seconds": base_build["build_s"], "index_bytes": base_build["index_bytes"]},
        "growth": growth_rows,
    }
    results["targets"] = targets(results)
    print_table(results)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return results


def targets(results: dict) -> dict:
    """The targets of the performance issue, each with the measured value and whether it holds."""
    engine, http = results["engine"], results["http"]
    cores = results["machine"]["cores"]
    ask_p50 = engine["ask_ms"]["p50"]
    by_level = {level["concurrency"]: level for level in http["levels"]}
    checks = {
        "ask p50 <= 1.5 x floor p50": (engine["ratio_p50"], engine["ratio_p50"] <= 1.5),
        "zero HTTP errors": (
            sum(level["errors"] for level in http["levels"]),
            all(level["errors"] == 0 for level in http["levels"]),
        ),
        "cold start <= 5 s": (http["cold_start_s"], http["cold_start_s"] <= 5),
        "index build <= 30 s": (results["build"]["seconds"], results["build"]["seconds"] <= 30),
        "RSS per worker <= 700 MB": (
            max((w["rss_mb"] for w in http["workers"]), default=None),
            all(w["rss_mb"] <= 700 for w in http["workers"]),
        ),
        "model loaded once (preload)": (http["engine_loads"], http["engine_loads"] == 1),
    }

    # The verdicts use the run's own `ask` p50; where `ask` was timed again around a level, the
    # limit those timings give is shown beside it (they measure how far the machine's speed moved).
    def beside(level: dict, limit: Callable[[float], float]) -> str:
        around = level.get("reference_ask_p50_ms")
        return f"; {limit(sum(around) / len(around)):.1f} by ask p50 timed around it" if around else ""

    if 16 in by_level:
        level = by_level[16]

        def needed(p50: float) -> float:
            return 0.8 * cores / (p50 / 1000)

        checks["throughput at c16 >= 0.8 x cores / ask p50"] = (
            f"{level['throughput_rps']} rps (needs {needed(ask_p50):.1f}{beside(level, needed)})",
            level["throughput_rps"] >= needed(ask_p50),
        )
    if 4 in by_level:
        level = by_level[4]

        def limit(p50: float) -> float:
            return 4 * p50

        checks["p99 at c4 <= 4 x ask p50"] = (
            f"{level['p99']} ms (limit {limit(ask_p50):.1f}{beside(level, limit)})",
            level["p99"] <= limit(ask_p50),
        )
    return {name: {"measured": value, "met": bool(met)} for name, (value, met) in checks.items()}


def print_table(results: dict) -> None:
    engine, http = results["engine"], results["http"]
    print(
        f"\nfloor (query embedding) p50 {engine['floor_ms']['p50']} ms; engine.ask p50/p95/p99 "
        f"{engine['ask_ms']['p50']}/{engine['ask_ms']['p95']}/{engine['ask_ms']['p99']} ms; "
        f"ratio {engine['ratio_p50']}"
    )
    print(f"HTTP load from {http['load_generator']}")
    print(f"{'concurrency':>11} {'rps':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'ask p50 around':>15}")
    for level in http["levels"]:
        around = "/".join(str(v) for v in level.get("reference_ask_p50_ms", [])) or "-"
        print(
            f"{level['concurrency']:>11} {level['throughput_rps']:>7} {level['p50']:>8} {level['p99']:>8} "
            f"{level['errors']:>6} {around:>15}"
        )
    workers = ", ".join(f"{w['rss_mb']} MB RSS / {w['pss_mb']} MB PSS" for w in http["workers"])
    print(
        f"cold start {http['cold_start_s']} s; build {results['build']['seconds']} s; index "
        f"{results['build']['index_bytes'] / 1e6:.1f} MB; workers: {workers}; engine loads: {http['engine_loads']}"
    )
    print(f"{'corpus':>7} {'chunks':>7} {'build s':>8} {'(all embedded)':>15} {'ask p50':>8} {'RSS MB':>7}")
    for row in results["growth"]:
        print(
            f"{str(row['factor']) + 'x':>7} {row['chunks']:>7} {row['build_s']:>8} "
            f"{row['build_s_if_all_embedded']:>15} "
            f"{row['ask_p50_ms']:>8} {row['rss_mb']:>7}"
        )
    print("\ntargets:")
    for name, check in results["targets"].items():
        print(f"  {'ok  ' if check['met'] else 'MISS'} {name}: {check['measured']}")
