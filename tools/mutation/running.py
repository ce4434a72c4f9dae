"""Runs mutants through mutation-runner processes and records each one's outcome.

A runner judges a list of ids and prints `start ID` and `end ID ...` for each. A process
that dies between the two crashed on that mutant (its signal is recorded); one killed by a
signal after an `end` and before the next `start` crashed on memory the mutant that just
ended corrupted (malloc notices at the next allocation), which is then recorded as
crashed — any other unexpected end is the runner's own failure and stops the run; one that prints
nothing for `timeout` seconds after `start` is killed and the mutant timed out. Either way a
new runner takes the ids that remain.
"""

from __future__ import annotations

import os
import queue
import resource
import signal
import subprocess
import threading
import time

# A runner may use this much memory; a mutant that allocates without end then fails
# (a crash) instead of taking the machine's memory from the other runner.
MEMORY_LIMIT = 8 << 30


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


class Runner:
    def __init__(self, executable: str, corpus: str, timeout: float):
        self.executable = executable
        self.corpus = corpus
        self.timeout = timeout

    def run_batch(self, ids: list[int], results: dict, lock: threading.Lock):
        """Judges `ids`, restarting the runner after a crash or a hang, until all have an outcome."""
        remaining = list(ids)
        while remaining:
            done = self.run_process(remaining, results, lock)
            remaining = [i for i in remaining if i not in done]

    def run_process(self, ids: list[int], results: dict, lock: threading.Lock) -> set[int]:
        process = subprocess.Popen([self.executable, self.corpus, *map(str, ids)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=limit_memory)
        lines: queue.Queue = queue.Queue()

        def read():
            for line in process.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)

        stderr_tail: list[str] = []

        def read_errors():
            for line in process.stderr:
                stderr_tail.append(line)
                del stderr_tail[:-20]

        threading.Thread(target=read, daemon=True).start()
        threading.Thread(target=read_errors, daemon=True).start()
        done: set[int] = set()
        current, started = None, time.monotonic()
        ended = None  # the mutant judged last, while no other runs

        def record(number, **outcome):
            outcome.setdefault("seconds", round(time.monotonic() - started, 3))
            with lock:
                results[number] = outcome
            done.add(number)

        while True:
            wait = self.timeout - (time.monotonic() - started) if current is not None else self.timeout + 60
            try:
                line = lines.get(timeout=max(wait, 0.01))
            except queue.Empty:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                if current is None:
                    raise RuntimeError(f"mutation-runner printed nothing for {self.timeout + 60} s: {''.join(stderr_tail)}")
                record(current, outcome="timed out", detail=f"no result within {self.timeout:g} s; the runner was killed")
                return done
            if line is None:
                status = process.wait()
                how = f"signal {signal.Signals(-status).name}" if status < 0 else f"exit status {status}"
                last = "".join(stderr_tail).strip().splitlines()
                if current is not None:
                    record(current, outcome="crashed", detail=how + (f": {last[-1][:300]}" if last else ""))
                elif status < 0 and ended is not None:
                    record(ended, outcome="crashed", detail=f"{how} after it ended, in memory it had corrupted"
                           + (f": {last[-1][:300]}" if last else ""))
                elif status != 0 or len(done) < len(ids):
                    raise RuntimeError(f"mutation-runner ended with status {status}: {''.join(stderr_tail)}")
                return done
            words = line.split(" ", 4)
            if words[0] == "start":
                current, started = int(words[1]), time.monotonic()
            elif words[0] == "end":
                number = int(words[1])
                if words[2] == "killed":
                    record(number, outcome="killed", killer=words[3], detail=f"{words[4]}" if len(words) > 4 else "")
                else:
                    record(number, outcome="survived")
                current, ended = None, number


def run_all(executable: str, corpus: str, ids: list[int], fresh: set[int], jobs: int, timeout: float, log) -> dict:
    """Outcomes of `ids`; the ids in `fresh` (sites evaluated once per process) each get a
    runner of their own. Batches of ids are shared out among `jobs` runner processes."""
    runner = Runner(executable, corpus, timeout)
    results: dict = {}
    lock = threading.Lock()
    batches = [[i] for i in ids if i in fresh]
    ordinary = [i for i in ids if i not in fresh]
    size = 40
    batches += [ordinary[k:k + size] for k in range(0, len(ordinary), size)]
    work: queue.Queue = queue.Queue()
    for batch in batches:
        work.put(batch)
    failures: list[BaseException] = []
    total = len(ids)
    started = time.monotonic()

    def worker():
        while not failures:
            try:
                batch = work.get_nowait()
            except queue.Empty:
                return
            try:
                runner.run_batch(batch, results, lock)
            except BaseException as error:  # reported once all workers stop
                failures.append(error)
                return
            with lock:
                count = len(results)
            if count * 10 // total != (count - len(batch)) * 10 // total:
                log(f"  {count}/{total} mutants judged ({time.monotonic() - started:.0f} s)")

    threads = [threading.Thread(target=worker) for _ in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results
