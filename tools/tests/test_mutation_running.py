"""Tests of the mutation runner's driver (tools/mutation/running.py) with stand-in runners:
shell scripts that print the protocol and die where a mutant would make the real one die.
"""

import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
from mutation.running import Runner  # noqa: E402


def stand_in(tmp_path, body):
    """An executable `RUNNER CORPUS ID...` that runs `body` (sh) once per id, with $id set."""
    path = tmp_path / "runner"
    path.write_text("#!/bin/sh\nshift\nfor id in \"$@\"; do\n" + body + "\ndone\n")
    path.chmod(0o755)
    return str(path)


def judge(executable, ids, timeout=5):
    results = {}
    Runner(executable, "corpus.h5", timeout).run_batch(ids, results, threading.Lock())
    return results


def test_a_death_between_start_and_end_is_that_mutants_crash(tmp_path):
    runner = stand_in(tmp_path, 'echo "start $id"; [ "$id" = 2 ] && kill -ABRT $$; echo "end $id survived"')
    results = judge(runner, [1, 2, 3])
    assert [results[i]["outcome"] for i in (1, 2, 3)] == ["survived", "crashed", "survived"]
    assert "SIGABRT" in results[2]["detail"]


def test_a_death_after_an_end_is_the_crash_of_the_mutant_that_ended(tmp_path):
    # Mutant 2 corrupts memory and ends; malloc notices before mutant 3 starts.
    runner = stand_in(tmp_path, 'echo "start $id"; echo "end $id killed case.x wrong detail"; if [ "$id" = 2 ]; then kill -ABRT $$; fi')
    results = judge(runner, [1, 2, 3])
    assert [results[i]["outcome"] for i in (1, 2, 3)] == ["killed", "crashed", "killed"]
    assert "after it ended" in results[2]["detail"]


def test_a_runner_that_fails_by_itself_stops_the_run(tmp_path):
    # An exit status, not a signal, after an end: the runner's own failure, not a mutant's.
    runner = stand_in(tmp_path, 'echo "start $id"; echo "end $id survived"; exit 3')
    try:
        judge(runner, [1, 2])
    except RuntimeError as error:
        assert "status 3" in str(error)
    else:
        raise AssertionError("the run went on")
