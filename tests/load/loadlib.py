"""What the load and fault drivers (flood.py, acme_kill.py) share: counting
checks, stopping a server with SIGTERM and reading its stderr for sanitizer
reports, and the run-then-clean-up entry point. Python standard library
only."""
import signal
import subprocess
import sys

# What AddressSanitizer, LeakSanitizer and UBSan print when they report.
SAN_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
               "SUMMARY: UndefinedBehaviorSanitizer")
# A process killed with SIGKILL never runs LeakSanitizer; only these can appear.
SAN_MARKERS_BEFORE_KILL = ("ERROR: AddressSanitizer", "runtime error:")


class Checks:
    """Counts checks and prints one line each, "ok   PREFIX: name" or
    "FAIL PREFIX: name: info" (info cut to limit characters)."""

    def __init__(self, prefix, limit=600):
        self.prefix, self.limit = prefix, limit
        self.passed = self.failed = 0

    def __call__(self, name, ok, info=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(("ok   " if ok else "FAIL ") + self.prefix + ": " + name +
              ("" if ok else ": " + str(info)[:self.limit]), flush=True)
        return ok

    def summary(self):
        """Prints the totals; returns the exit status (0 when none failed)."""
        print("%s: %d passed, %d failed" % (self.prefix, self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 else 1


def sanitizer_report(path, markers=SAN_MARKERS):
    """The first sanitizer marker in the file at path and the text around it,
    or "" when there is none."""
    with open(path, errors="replace") as f:
        text = f.read()
    found = [m for m in markers if m in text]
    if not found:
        return ""
    at = text.find(found[0])
    return "%s: %s" % (found[0], text[max(0, at - 200):at + 3000])


def stop_server(p, name, err_path, check):
    """SIGTERM to the server p: it must exit 0 within 30 s and its stderr
    (err_path) must hold no sanitizer report. Counted with check."""
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        check(name + " exits on SIGTERM", False, "still running 30 s after SIGTERM")
    else:
        check(name + " exits 0 on SIGTERM", rc == 0, "exit %s" % rc)
    report = sanitizer_report(err_path)
    check(name + " stderr free of sanitizer reports", not report, report)


def kill_all(procs):
    """SIGKILL to every process of procs still running (a driver's exit)."""
    for p in procs:
        if p is not None and p.poll() is None:
            p.kill()
            p.wait()


def run(main, procs):
    """Exits with main()'s status; a SIGTERM to the driver ends it too. On
    the way out, every server in procs still running is killed."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("%s: terminated" % sys.argv[0]))
    try:
        rc = main()
    finally:
        kill_all(procs)
    sys.exit(rc)
