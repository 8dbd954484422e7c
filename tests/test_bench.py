"""The benchmark's verdicts on the performance targets (no model, no server)."""

from qa_service.bench import targets


def _results(levels: list[dict], ask_p50: float = 10.0) -> dict:
    return {
        "machine": {"cores": 2},
        "engine": {"ask_ms": {"p50": ask_p50}, "ratio_p50": 1.3},
        "http": {"levels": levels, "cold_start_s": 2.0, "workers": [{"rss_mb": 200}], "engine_loads": 1},
        "build": {"seconds": 20.0},
    }


def _level(concurrency: int, rps: float, p99: float, **extra) -> dict:
    return {"concurrency": concurrency, "throughput_rps": rps, "p99": p99, "errors": 0, **extra}


def test_http_levels_are_judged_against_ask_p50_timed_around_them():
    # The machine slowed down between the engine timing (10 ms) and the load (12 ms around it).
    levels = [_level(4, 150.0, 45.0, ask_p50_ms=12.0), _level(16, 140.0, 200.0, ask_p50_ms=12.0)]
    verdict = targets(_results(levels))
    assert verdict["p99 at c4 <= 4 x ask p50"]["met"]  # 45 <= 48, though not <= 40
    assert verdict["throughput at c16 >= 0.8 x cores / ask p50"]["met"]  # 140 >= 133, though not >= 160


def test_without_timings_around_a_level_the_run_wide_ask_p50_is_the_reference():
    verdict = targets(_results([_level(4, 150.0, 45.0), _level(16, 140.0, 200.0)]))
    assert not verdict["p99 at c4 <= 4 x ask p50"]["met"]
    assert not verdict["throughput at c16 >= 0.8 x cores / ask p50"]["met"]
