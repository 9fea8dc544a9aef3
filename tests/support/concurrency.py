"""Several people (or senders) doing the same thing at the same moment, each on its own
connection: in threads (`at_once`), or in separate processes (`in_processes`), as two requests
served by two workers would."""
import multiprocessing
import threading

from sanctuary.core.db import db


def at_once(app, action, times=2, timeout=30):
    """Run `action()` in `times` threads released together; return what each returned."""
    db.close()  # each thread opens its own connection
    barrier = threading.Barrier(times)
    results = []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                results.append(action())
            finally:
                db.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results


def in_processes(prepare, arguments, *, timeout=120):
    """Run `prepare(*args)` in one new process per entry of `arguments`, each building what
    it needs (its own app and database connection) and returning the action to take; once every
    process is ready, a barrier releases them together. Returns what each action returned, in the
    order of `arguments`, or the repr of what it raised. `prepare` is a module-level function (a
    new process imports it by name); what it returns stays in its process."""
    # Forked from a server process that has imported `prepare`'s module and nothing else: a
    # fresh process (none of the test's connections or locks), without the seconds that
    # twenty interpreters take to import the app each.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([prepare.__module__])
    barrier = context.Barrier(len(arguments))
    results = context.Queue()
    processes = [context.Process(target=_prepare_and_act,
                                 args=(prepare, index, args, barrier, results, timeout))
                 for index, args in enumerate(arguments)]
    db.close()
    for process in processes:
        process.start()
    try:
        outcomes = dict(results.get(timeout=timeout) for _ in processes)
    finally:
        for process in processes:
            process.join(timeout=timeout)
            if process.is_alive():
                process.kill()
    failed = {index: outcome for index, outcome in outcomes.items()
              if isinstance(outcome, SetupFailed)}
    if failed:
        raise AssertionError(f"processes failed before acting: {failed}")
    return [outcomes[index] for index in range(len(arguments))]


class SetupFailed(str):
    """What a process raised while preparing (it never acted)."""


def _prepare_and_act(prepare, index, args, barrier, results, timeout):
    try:
        action = prepare(*args)
    except BaseException as error:  # noqa: BLE001 - reported to the test
        barrier.abort()  # the others stop waiting for this one
        results.put((index, SetupFailed(repr(error))))
        return
    try:
        barrier.wait(timeout)
    except threading.BrokenBarrierError:
        results.put((index, SetupFailed("another process failed before acting")))
        return
    try:
        outcome = action()
    except Exception as error:  # noqa: BLE001 - the outcome the test judges
        outcome = repr(error)
    results.put((index, outcome))
