"""The report's worker process: jobs run there, and in-process whenever it cannot."""

from __future__ import annotations

import os
import sys

import pytest

from cx_cli.render import worker as worker_module
from cx_cli.render.worker import Worker


def _pid_and_sum(values: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(values)


def _imported(name: str) -> bool:
    return name in sys.modules


def _fails(message: str) -> None:
    raise ValueError(message)


def _until_handed_over(job, seconds: float = 30.0) -> None:
    """Wait until the pool has handed ``job`` to the worker (it can no longer be taken
    back): on a loaded machine the pool's own thread may take a while to do so."""
    import time

    deadline = time.monotonic() + seconds
    while not job._future.running() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job._future.running()


# Tests that check where a job ran ask with take_back=False: on a loaded machine a job
# the pool has not yet handed over would otherwise be taken back and run here.


def test_a_job_runs_in_another_process():
    with Worker() as worker:
        first, second = worker.submit(_pid_and_sum, [1, 2]), worker.submit(_pid_and_sum, [3])
        (pid, total), (pid_again, total_again) = (
            first.result(take_back=False), second.result(take_back=False))
    assert (total, total_again) == (3, 3)
    assert pid != os.getpid() and pid_again == pid  # one worker for every job


def test_results_cross_quickly_while_this_process_is_busy():
    """While a worker runs, the threads carrying its jobs and results get the GIL within
    SWITCH_INTERVAL; the interval before comes back when the last worker is let go,
    whatever the order."""
    before = sys.getswitchinterval()
    assert before != pytest.approx(worker_module.SWITCH_INTERVAL)
    first, second = Worker(), Worker()
    assert sys.getswitchinterval() == before  # not started yet
    assert first.submit(os.getpid).result(take_back=False) != os.getpid()
    assert second.submit(os.getpid).result(take_back=False) != os.getpid()
    assert sys.getswitchinterval() == pytest.approx(worker_module.SWITCH_INTERVAL)
    first.close()
    assert sys.getswitchinterval() == pytest.approx(worker_module.SWITCH_INTERVAL)
    second.close()
    second.close()  # twice: nothing more
    assert sys.getswitchinterval() == before


def test_an_error_in_the_job_is_raised_here_as_without_a_worker():
    with Worker() as worker:
        job = worker.submit(_fails, "bad chart")
        with pytest.raises(ValueError, match="bad chart"):
            job.result()
        with pytest.raises(ValueError, match="bad chart"):
            job.result()  # asked again: the same error
    assert job.ran_here and job.worker_failed


def test_a_job_the_worker_has_not_begun_is_done_here_when_wanted():
    import time

    with Worker() as worker:
        worker.submit(time.sleep, 3)  # keeps the worker busy
        worker.submit(_pid_and_sum, [1])  # handed to it already (one is queued ahead)
        waiting = worker.submit(_pid_and_sum, [2])
        assert waiting.result() == (os.getpid(), 2)
        assert waiting.ran_here and not waiting.worker_failed


def test_gather_does_the_jobs_not_begun_here_while_the_worker_finishes():
    import time

    from cx_cli.render.worker import gather

    with Worker() as worker:
        jobs = [worker.submit(time.sleep, 2), worker.submit(_pid_and_sum, [1]),
                *(worker.submit(_pid_and_sum, [n]) for n in range(2, 6))]
        _until_handed_over(jobs[0])
        results = gather(jobs)
    assert [r[1] for r in results[1:]] == [1, 2, 3, 4, 5]
    # The worker sleeps on the first with at most one more handed to it: the last four
    # had not begun, and ran here.
    assert not jobs[0].ran_here and all(job.ran_here for job in jobs[2:])
    assert not any(job.worker_failed for job in jobs)


def test_a_job_that_ran_here_is_not_run_again():
    calls = []

    def counted(value):  # local: cannot be sent to the worker, so it runs here
        calls.append(value)
        return value * 2

    with Worker() as worker:
        job = worker.submit(counted, 21)
        assert (job.result(), job.result(), calls) == (42, 42, [21])


def test_without_a_process_the_job_runs_here(monkeypatch):
    import concurrent.futures

    def refuse(*args, **kwargs):
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    with Worker() as worker:
        job = worker.submit(_pid_and_sum, [5])
        assert job.result() == (os.getpid(), 5) and job.ran_here and job.worker_failed


def test_a_closed_worker_drops_what_it_has_not_started():
    worker = Worker()
    worker.submit(_pid_and_sum, [1]).result()
    worker.close()
    assert worker._pool is None
    with Worker() as again:
        assert again.submit(_pid_and_sum, [2]).result()[1] == 2


def test_warm_imports_ahead_in_the_worker_only():
    here = _imported("tabnanny")
    with Worker() as worker:
        worker.warm("tabnanny")
        assert worker.submit(_imported, "tabnanny").result(take_back=False)  # in order
    assert _imported("tabnanny") == here


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and /proc")
def test_a_worker_ends_when_the_main_process_is_killed():
    import signal
    import subprocess
    import time

    script = ("import os, time\nfrom cx_cli.render.worker import Worker\n"
              "worker = Worker()\n"
              "print(worker.submit(os.getpid).result(take_back=False), flush=True)\n"
              "time.sleep(60)\n")
    main = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    with main.stdout:
        worker_pid = int(main.stdout.readline())
    assert worker_pid != main.pid  # the job ran in a worker
    main.send_signal(signal.SIGKILL)
    main.wait()
    for _ in range(100):
        if not _running(worker_pid):
            return
        time.sleep(0.1)
    raise AssertionError("the worker outlived the main process")


def _running(pid: int) -> bool:
    """Alive and not a zombie (an init that does not reap leaves those behind)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def test_the_worker_leaves_ctrl_c_to_the_main_process():
    import signal

    # As it was: a shell ignores Ctrl-C for a command it runs in the background (`&`).
    before = signal.getsignal(signal.SIGINT)
    with Worker() as worker:
        job = worker.submit(signal.getsignal, signal.SIGINT)
        assert job.result(take_back=False) == signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) == before


def test_the_worker_runs_without_the_cycle_collector():
    import gc

    with Worker() as worker:
        assert worker.submit(gc.isenabled).result(take_back=False) is False


def test_a_worker_let_go_starts_no_other():
    """A job submitted after close (a thread still finishing after Ctrl-C) starts no
    process; asked for, it is done here."""
    worker = Worker()
    worker.close()
    job = worker.submit(_pid_and_sum, [3])
    assert worker._pool is None
    assert job.result() == (os.getpid(), 3) and job.ran_here
