"""Running the codecs' command-line tools and timing them by CPU time.

The machine this runs on is shared (other builds, a training run), so wall-clock time says
more about the neighbours than about a codec. Each tool runs as a child process and is charged
the user + system CPU time the kernel reports for it on exit (all its threads together);
`median` then takes the middle of several runs.
"""

import os
import statistics
import subprocess
import tempfile


class ToolError(Exception):
    """A tool exited with a failure status (or could not be started)."""


IN, OUT = "{in}", "{out}"


def run(template, source, target):
    """Runs `template` with `{in}`/`{out}` replaced by `source`/`target`; returns its CPU seconds.

    A template without `{in}` reads `source` on standard input; one without `{out}` writes
    standard output to `target`. Raises `ToolError` with the tool's last words on failure.
    """
    argv = [source if a == IN else target if a == OUT else a for a in template]
    stdin = open(source, "rb") if IN not in template else subprocess.DEVNULL
    stdout = open(target, "wb") if OUT not in template else subprocess.DEVNULL
    with tempfile.TemporaryFile() as stderr:
        try:
            process = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=stderr)
        except OSError as error:
            raise ToolError(f"cannot start {argv[0]}: {error}") from None
        finally:
            for stream in (stdin, stdout):
                if stream is not subprocess.DEVNULL:
                    stream.close()
        # wait4 rather than Popen.wait: it returns the child's own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            tail = stderr.read()[-400:].decode(errors="replace").strip()
            raise ToolError(f"{' '.join(argv)} exited with {process.returncode}: {tail}")
    return usage.ru_utime + usage.ru_stime


def median(values):
    """The median of a non-empty list of timings."""
    return statistics.median(values)


def rate(count, seconds):
    """Items per second, or None when the time is too small to measure."""
    return count / seconds if seconds > 0 else None
