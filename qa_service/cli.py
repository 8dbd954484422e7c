"""Command line: `qa-service build-index | ask | chat | serve | eval`.

Every expected failure (no index, damaged index, missing model, bad eval file)
ends as one line on stderr naming the fix, with exit status 2; no traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from .config import SECONDS_PER_LEVEL, Settings

EXIT_UNAVAILABLE = 2


def _fail_cleanly(command: Callable) -> Callable:
    @wraps(command)
    def wrapper(*args, **kwargs):
        from .embed import ModelUnavailable
        from .evaluate import CaseError
        from .index import IndexUnavailable

        try:
            return command(*args, **kwargs)
        except (IndexUnavailable, ModelUnavailable, CaseError, FileNotFoundError) as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_UNAVAILABLE)
        except KeyboardInterrupt:
            sys.exit(130)

    return wrapper


index_dir_option = click.option(
    "--index-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Index folder (default: index/, or QA_SERVICE_INDEX_DIR).",
)
strict_option = click.option("--strict", is_flag=True, help="Fail instead of rebuilding a missing or stale index.")


def _load_engine(index_dir: Path | None, strict: bool):
    from .engine import QAEngine

    return QAEngine.load(Settings.from_env(index_dir=index_dir), rebuild=not strict, progress=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qa-service")
def main() -> None:
    """Ask the review "Tumor metastasis: Mechanistic insights and therapeutic interventions"
    (Liu et al., MedComm 2021, CC BY 4.0): extractive answers, every sentence cited."""


@main.command("build-index")
@index_dir_option
@_fail_cleanly
def build_index_command(index_dir: Path | None) -> None:
    """Build (or rebuild) the search index from corpus/."""
    from .embed import load_embedder
    from .index import build_index

    settings = Settings.from_env(index_dir=index_dir)
    embedder = load_embedder(settings.model, threads=os.cpu_count())
    manifest = build_index(settings, embedder, progress=True)
    counts = ", ".join(f"{v} {k}" for k, v in manifest["counts"].items())
    click.echo(f"Index written to {settings.index_dir} ({counts}).")


def _print_answer(answer) -> None:
    click.echo(answer.answer)
    if answer.abstained and answer.suggestions:
        click.echo("Closest sections: " + "; ".join(answer.suggestions))
    for citation in answer.citations:
        click.echo(f"  [{citation.n}] {citation.section} ({citation.chunk_id})")
        for reference in citation.references:
            click.echo(f"      {reference.number}. {reference.text}")


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as the API's JSON.")
@index_dir_option
@strict_option
@_fail_cleanly
def ask(question: str, as_json: bool, index_dir: Path | None, strict: bool) -> None:
    """Answer one QUESTION."""
    if not question.strip():
        raise click.BadParameter("the question is empty", param_hint="QUESTION")
    answer = _load_engine(index_dir, strict).ask(question)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)


@main.command()
@index_dir_option
@strict_option
@_fail_cleanly
def chat(index_dir: Path | None, strict: bool) -> None:
    """Interactive chat that keeps the conversation, so follow-ups work (Ctrl-D to quit)."""
    from .chat import Turn

    engine = _load_engine(index_dir, strict)
    history: list[Turn] = []
    click.echo("Ask about the review; an empty line or Ctrl-D quits, '/new' starts over.")
    while True:
        try:
            question = click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            break
        if not question.strip():
            break
        if question.strip() == "/new":
            history = []
            continue
        answer = engine.ask(question, history)
        _print_answer(answer)
        history += [Turn("user", question), Turn("assistant", answer.answer)]


@main.command()
@click.option("--host", default=None, help="Address to listen on (QA_SERVICE_HOST; default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (QA_SERVICE_PORT; default 8000).")
@click.option("--workers", type=int, default=None, help="gunicorn workers (QA_SERVICE_WORKERS; default: cores).")
@click.option("--dev", is_flag=True, help="Run Flask's development server instead of gunicorn.")
@index_dir_option
@strict_option
@_fail_cleanly
def serve(
    host: str | None, port: int | None, workers: int | None, dev: bool, index_dir: Path | None, strict: bool
) -> None:
    """Serve the HTTP API (gunicorn, app preloaded so workers share the index)."""
    from .engine import QAEngine
    from .serve import run_gunicorn

    settings = Settings.from_env(host=host, port=port, workers=workers, index_dir=index_dir)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # bm25s sets its own logger to DEBUG on import; the server's log level applies to it too.
    logging.getLogger("bm25s").setLevel(settings.log_level.upper())
    engine = QAEngine.load(settings, rebuild=not strict, progress=True)
    if dev:
        from .api import create_app

        create_app({"SETTINGS": settings, "ENGINE": engine}).run(settings.host, settings.port, debug=False)
    else:
        run_gunicorn(settings, engine)


@main.command("eval")
@click.option(
    "--cases",
    "cases_path",
    type=click.Path(path_type=Path),
    default=Path("eval/qa.jsonl"),
    show_default=True,
    help="Evaluation cases (JSON lines).",
)
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="test", show_default=True)
@click.option(
    "--out-dir",
    type=click.Path(path_type=Path),
    default=Path("eval"),
    show_default=True,
    help="Where report.md and results.json go.",
)
@click.option(
    "--compare",
    "baseline_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Baseline JSON to compare with; exits 1 on a regression past tolerance.",
)
@click.option("--strict", is_flag=True, help="With --compare: also fail when any case that passed now fails.")
@click.option(
    "--update-baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="Write this run as the new baseline to the given file.",
)
@click.option(
    "--fusion",
    "fusions",
    multiple=True,
    type=click.Choice(["hybrid", "bm25", "dense"]),
    help="Fusions to run (default: all three, the ablation).",
)
@index_dir_option
@_fail_cleanly
def eval_command(
    cases_path: Path,
    split: str,
    out_dir: Path,
    baseline_path: Path | None,
    strict: bool,
    update_baseline: Path | None,
    fusions: tuple[str, ...],
    index_dir: Path | None,
) -> None:
    """Score answer quality on the evaluation set; compare with a baseline."""
    from .evaluate import baseline_from, compare, evaluate, load_cases, summarize, write_report
    from .retrieve import Fusion

    cases = load_cases(cases_path, split)
    if not cases:
        raise click.UsageError(f"no cases in {cases_path} for split {split!r}")
    engine = _load_engine(index_dir, strict=False)
    chosen = [Fusion.parse(f) for f in (fusions or ("hybrid", "bm25", "dense"))]
    if Fusion.HYBRID not in chosen:
        chosen.insert(0, Fusion.HYBRID)
    run = evaluate(engine, cases, split=split, fusions=chosen)
    comparison = None
    if baseline_path is not None:
        comparison = compare(run, json.loads(Path(baseline_path).read_text(encoding="utf-8")))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(run.to_json(), indent=1) + "\n", encoding="utf-8")
    write_report(run, out_dir / "report.md", comparison)
    click.echo(
        f"{'fusion':8} {'evidence':>9} {'facts':>6} {'all':>6} {'r@5':>6} {'mrr':>6} {'abst':>6} "
        f"{'false':>6} {'words':>6} {'p50ms':>6}"
    )
    for name, results in run.results.items():
        s = summarize(results)
        click.echo(
            f"{name:8} {s['evidence_cited']!s:>9} {s['fact_recall']!s:>6} {s['all_facts']!s:>6} "
            f"{s['recall@5']!s:>6} {s['mrr']!s:>6} {s['abstention_recall']!s:>6} "
            f"{s['false_abstention']!s:>6} {s['median_words']!s:>6} {s['latency_p50_ms']!s:>6}"
        )
    click.echo(f"Report: {out_dir / 'report.md'}")
    if update_baseline is not None:
        update_baseline.write_text(json.dumps(baseline_from(run), indent=1) + "\n", encoding="utf-8")
        click.echo(f"Baseline written to {update_baseline}.")
    if comparison is not None:
        for line in comparison.worse_cases:
            click.echo(f"worse: {line}")
        for line in comparison.regressions:
            click.echo(f"REGRESSION {line}")
        if strict and comparison.newly_failing:
            click.echo("newly failing: " + ", ".join(comparison.newly_failing))
        if comparison.failed(strict):
            sys.exit(1)
        click.echo("No regression against the baseline.")


@main.group()
def feedback() -> None:
    """Ratings users gave answers: list them, export them as evaluation cases, purge old ones."""


def _store():
    from .feedback import FeedbackStore

    return FeedbackStore(Settings.from_env().feedback_db)


rating_option = click.option("--rating", type=click.Choice(["up", "down"]), default=None, help="Only this rating.")


@feedback.command("list")
@rating_option
@click.option("--limit", type=int, default=50, show_default=True)
def feedback_list(rating: str | None, limit: int) -> None:
    """Show feedback, newest first."""
    import datetime as dt

    rows = _store().rows(rating, limit)
    if not rows:
        click.echo("No feedback yet.")
        return
    click.echo(f"{'when (UTC)':19}  {'rating':6}  {'question':48}  comment")
    for row in rows:
        when = dt.datetime.fromtimestamp(row.created, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        question = row.question if len(row.question) <= 48 else row.question[:47] + "…"
        click.echo(f"{when:19}  {row.rating:6}  {question:48}  {row.comment}")


@feedback.command("export")
@rating_option
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write here instead of standard output.")
def feedback_export(rating: str | None, out: Path | None) -> None:
    """Write feedback as eval/qa.jsonl candidates (gold fields to fill; the harness skips them until then)."""
    from .feedback import as_eval_candidate

    lines = [json.dumps(as_eval_candidate(row), ensure_ascii=False) for row in _store().rows(rating)]
    text = "".join(line + "\n" for line in lines)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"{len(lines)} candidates written to {out}", err=True)


@feedback.command("purge")
@click.option("--older-than", "days", type=click.FloatRange(min=0), required=True, help="Age in days.")
def feedback_purge(days: float) -> None:
    """Delete stored answers and feedback older than DAYS days."""
    answers, ratings = _store().purge(days)
    click.echo(f"Deleted {answers} answers and {ratings} ratings older than {days:g} days.")


@main.command()
@click.option(
    "--growth", default="1,10,100", show_default=True, help="Corpus sizes to build, as multiples of the review."
)
@click.option("--concurrency", default="1,4,16", show_default=True, help="HTTP load levels.")
@click.option(
    "--seconds",
    type=click.IntRange(min=1),
    default=SECONDS_PER_LEVEL,
    show_default=True,
    help="Duration of each load level.",
)
@click.option("--out", type=click.Path(path_type=Path), default=Path("bench/results.json"), show_default=True)
@_fail_cleanly
def bench(growth: str, concurrency: str, seconds: int, out: Path) -> None:
    """Measure latency against the one-embedding floor, the server under load, start-up, memory, growth."""
    from .bench import run

    def numbers(text: str) -> tuple[int, ...]:
        try:
            return tuple(int(part) for part in text.split(",") if part.strip())
        except ValueError:
            raise click.BadParameter(f"expected comma-separated numbers, got {text!r}") from None

    run(Settings.from_env(), growth=numbers(growth), levels=numbers(concurrency), seconds=seconds, out=out)
    click.echo(f"Results: {out}")


if __name__ == "__main__":
    main()
