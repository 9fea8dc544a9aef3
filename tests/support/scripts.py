"""Python run as its own process would run it (its own environment, folder and connections),
but forked from a server that has imported the app already: a new interpreter spent a second
importing it, and the browser tests ran two dozen scripts."""
import contextlib
import io
import multiprocessing
import os
import subprocess
import traceback


def _run(script, env, cwd, results):
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(script, "<script>", "exec"), {"__name__": "__main__"})
        results.put((0, out.getvalue(), ""))
    except BaseException:  # noqa: BLE001 - reported to the caller, as a process's exit would be
        results.put((1, out.getvalue(), traceback.format_exc()))


def run_script(script, *, env, cwd, timeout=60):
    """Like `subprocess.run([python, "-c", script], ..., capture_output=True, text=True,
    check=True)`: a CompletedProcess, or CalledProcessError with the traceback as stderr."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sanctuary"])  # the first to start the server decides
    results = context.Queue()
    process = context.Process(target=_run, args=(script, dict(env), str(cwd), results))
    process.start()
    try:
        returncode, stdout, stderr = results.get(timeout=timeout)
    finally:
        process.join(timeout=timeout)
        if process.is_alive():
            process.kill()
    command = ["python", "-c", script]
    if returncode:
        raise subprocess.CalledProcessError(returncode, command, stdout, stderr)
    return subprocess.CompletedProcess(command, 0, stdout, stderr)
