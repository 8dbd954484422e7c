"""The benchmark's verdicts on the performance targets and the order of its load levels (no model, no server)."""

from qa_service.bench import run_levels, targets


def _results(levels: list[dict], ask_p50: float = 10.0) -> dict:
    return {
        "machine": {"cores": 2},
        "engine": {"ask_ms": {"p50": ask_p50}, "ratio_p50": 1.3},
        "http": {"levels": levels, "cold_start_s": 2.0, "workers": [{"rss_mb": 200}], "engine_loads": 1},
        "build": {"seconds": 20.0},
    }


def _level(concurrency: int, rps: float, p99: float, **extra) -> dict:
    return {"concurrency": concurrency, "throughput_rps": rps, "p99": p99, "errors": 0, **extra}


def test_http_levels_are_judged_against_the_runs_ask_p50():
    verdict = targets(_results([_level(4, 150.0, 39.0), _level(16, 170.0, 200.0)]))
    assert verdict["p99 at c4 <= 4 x ask p50"]["met"]  # 39 <= 4 x 10
    assert verdict["throughput at c16 >= 0.8 x cores / ask p50"]["met"]  # 170 >= 0.8 x 2 / 0.010
    verdict = targets(_results([_level(4, 150.0, 45.0), _level(16, 140.0, 200.0)]))
    assert not verdict["p99 at c4 <= 4 x ask p50"]["met"]
    assert not verdict["throughput at c16 >= 0.8 x cores / ask p50"]["met"]


def test_ask_p50_timed_around_a_level_is_shown_beside_the_verdict_not_used_for_it():
    # The machine was slower around the load (12 ms) than when the run timed ask (10 ms).
    around = {"reference_ask_p50_ms": [11.0, 13.0]}
    verdict = targets(_results([_level(4, 150.0, 45.0, **around), _level(16, 140.0, 200.0, **around)]))
    c4, c16 = verdict["p99 at c4 <= 4 x ask p50"], verdict["throughput at c16 >= 0.8 x cores / ask p50"]
    assert not c4["met"] and "limit 40.0; 48.0 by ask p50 timed around it" in c4["measured"]
    assert not c16["met"] and "needs 160.0; 133.3 by ask p50 timed around it" in c16["measured"]


def test_levels_run_in_order_each_timed_before_and_after_with_the_server_idle():
    events = []
    timings = iter([14.0, 15.0, 16.0])

    def load_level(level: int) -> dict:
        events.append(f"load {level}")
        return {"concurrency": level}

    def reference() -> float:
        events.append("time ask")
        return next(timings)

    results = run_levels((1, 4), load_level, reference)
    assert events == ["time ask", "load 1", "time ask", "load 4", "time ask"]
    assert [r["reference_ask_p50_ms"] for r in results] == [[14.0, 15.0], [15.0, 16.0]]
    assert [r["concurrency"] for r in run_levels((1, 4, 16), lambda level: {"concurrency": level})] == [1, 4, 16]
