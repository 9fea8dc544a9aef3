"""Several people (or senders) doing the same thing at the same moment, each on its own
connection, as two requests or two processes would."""
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
