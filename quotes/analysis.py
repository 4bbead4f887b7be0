"""Analysis of article texts: parse, attribute, time each stage.

``analyze_text`` does one article and never raises for a bad article: the
outcome carries the attributions or the reason it failed, and the seconds spent
in each stage. The runners apply it to many texts in this process, in worker
processes (``jobs``) or on a Dask cluster (``scheduler``), and yield outcomes
in input order, so every way of running stores the same rows.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .nlp import DEVICE_ENV

STAGES = ("tokenize", "parse", "attribution")


@dataclass
class Outcome:
    """What the analysis of one article gave: attributions, or the error that stopped it."""

    attributions: list | None = None
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    words: int = 0


class TimeLimitExceeded(BaseException):
    """An article's analysis ran out of time (a BaseException, so that no ``except Exception`` in the
    analysis swallows it)."""


def default_time_limit(text: str) -> float:
    """Seconds an article may take: generous (several times the parser's speed on a busy machine)."""
    return 60 + 3 * len(text) / 1000


@contextmanager
def deadline(seconds: float | None):
    """Raise ``TimeLimitExceeded`` in the code of the block after ``seconds`` (POSIX main thread only;
    elsewhere, and for 0 or None, no limit). Pure-Python loops are interrupted at once, native code
    when it returns to Python. The alarm repeats every ``_REPEAT_S`` until the block ends: Python
    ignores an exception raised in a finalizer or a gc callback, so one alarm that lands there is lost."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    running = True

    def expire(signum, frame):
        if running:
            raise TimeLimitExceeded()
    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT_S)     # inside: it may go off at once
        yield
    finally:
        running = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_REPEAT_S = 0.2


def check_attributions(text: str, attributions: list) -> None:
    """Every span an attribution stage returned lies in the text and matches it (else: a bug, raised)."""
    for item in attributions:
        spans = [(item.start, item.end, item.text)]
        if item.cue_start is not None:
            spans.append((item.cue_start, item.cue_end, item.cue))
        if item.speaker_start is not None:
            spans.append((item.speaker_start, item.speaker_end, item.speaker_mention))
        for start, end, value in spans:
            if not (0 <= start <= end <= len(text)) or text[start:end] != value:
                raise ValueError(f"attribution span [{start}:{end}] does not match the text: {value!r}")


def analyze_text(text: str, models: Path | None = None, time_limit: float | None = None,
                 device: str | None = None) -> Outcome:
    """Parse and attribute one article; a failure is reported in the outcome, never raised.

    ``time_limit`` defaults to ``default_time_limit(text)``; 0 means none.
    """
    from .attribution import attribute
    from .bounded import ArticleTooHard, parse_article

    if device is not None:      # a Dask worker: the device the client chose
        os.environ[DEVICE_ENV] = device
    outcome = Outcome()
    limit = default_time_limit(text) if time_limit is None else time_limit
    stage = "parsing"
    try:
        with deadline(limit):
            doc = parse_article(text, models, outcome.seconds)
            stage = "attribution"
            started = time.perf_counter()
            attributions = attribute(doc)
            check_attributions(text, attributions)
            outcome.seconds["attribution"] = time.perf_counter() - started
    except TimeLimitExceeded:
        outcome.error = (f"{stage} took longer than {limit:,.0f} s: skipped (see --time-limit)"
                         + ("; please report this article" if stage == "attribution" else ""))
    except ArticleTooHard as error:
        outcome.error = f"cannot be parsed: {error}"
    except Exception as error:  # one bad article must not stop the run
        outcome.error = (f"parsing failed ({type(error).__name__}: {error})" if stage == "parsing" else
                         f"attribution failed ({type(error).__name__}: {error}); please report this article")
    else:
        outcome.attributions = attributions
        outcome.words = len(doc.words)
    return outcome


# -- runners -----------------------------------------------------------------

def run_here(texts: Sequence[str], models: Path | None, time_limit: float | None) -> Iterator[Outcome]:
    """Outcomes in input order, computed in this process."""
    for text in texts:
        yield analyze_text(text, models, time_limit)


def _start_worker(models: Path | None) -> None:
    """Each worker uses one core and loads the pipeline once; Ctrl-C is the parent's to handle, and a
    worker whose parent died (killed) exits instead of waiting forever."""
    import torch

    from . import nlp

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def exit_with_parent() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)
    threading.Thread(target=exit_with_parent, daemon=True).start()
    torch.set_num_threads(1)
    nlp.pipeline(models)


def run_in_processes(texts: Sequence[str], models: Path | None, time_limit: float | None,
                     jobs: int) -> Iterator[Outcome]:
    """Outcomes in input order, computed by ``jobs`` worker processes (a few articles in flight each).

    A worker that dies (killed, out of memory) fails the articles it may have been working on; a new
    pool takes the rest.
    """
    pending = deque(texts)
    while pending:
        # spawned, not forked: a fork of a process whose torch already started threads can hang
        pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(models,))
        in_flight: deque = deque()
        try:
            while pending or in_flight:
                while pending and len(in_flight) < 2 * jobs:
                    text = pending.popleft()
                    in_flight.append((text, pool.submit(analyze_text, text, models, time_limit)))
                outcome = in_flight[0][1].result()
                in_flight.popleft()
                yield outcome
        except BrokenProcessPool:
            in_flight.popleft()
            pending.extendleft(reversed([text for text, _ in in_flight]))
            in_flight.clear()
            yield Outcome(error="its worker process died (out of memory or killed); run with -j 1 "
                                "to analyze it on its own")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def run_on_dask(texts: Sequence[str], models: Path | None, time_limit: float | None,
                scheduler: str) -> Iterator[Outcome]:
    """Outcomes in input order, computed on the Dask cluster whose scheduler is at ``scheduler``
    (``tcp://HOST:PORT``). Workers need this package installed; ``models`` must be a path they see."""
    from distributed import Client

    with Client(scheduler, set_as_default=False) as client:
        futures = deque(client.map(analyze_text, texts, models=models, time_limit=time_limit,
                                   device=os.environ.get(DEVICE_ENV), pure=False))
        while futures:
            yield futures.popleft().result()


def default_jobs() -> int:
    """Worker processes worth starting here: one per core the process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
