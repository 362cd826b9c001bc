"""What the comparison ran on: the machine, the tool versions, the vlae build and model."""

import datetime
import glob
import hashlib
import os
import platform
import subprocess


def _first_line(argv):
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else None


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib():
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        return round(kib / 2**20)
    except (OSError, ValueError, IndexError):
        return None


def _os_name():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def package_version(package):
    """The installed Debian version of `package`, or None."""
    return _first_line(["dpkg-query", "-W", "-f=${Version}", package])


def describe(repo, codec_table):
    """A dict of the machine, the date, the Debian packages used and the vlae build."""
    packages = codec_table.packages()
    models = sorted(glob.glob(os.path.join(repo, "Sources", "ModelFile", "Resources", "*.safetensors")))
    model_digests = {}
    for path in models:
        with open(path, "rb") as f:
            model_digests[os.path.basename(path)] = hashlib.sha256(f.read()).hexdigest()[:16]
    commit = _first_line(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
    dirty = _first_line(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"])
    cores = os.cpu_count()
    cpu = _cpu_model()
    return {
        "machine": f"{cpu}, {cores} cores",
        "machine_short": f"{cpu if len(cpu) <= 24 else cpu[:23] + '…'} ×{cores}",
        "memory_gib": _memory_gib(),
        "os": _os_name(),
        "kernel": platform.release(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "swift": _first_line(["swift", "--version"]),
        "vlae_commit": (commit or "?") + (" (with uncommitted changes)" if dirty else ""),
        "vlae_models": model_digests,
        "packages": {p: package_version(p) for p in packages},
    }
