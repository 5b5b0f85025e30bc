"""A `--fix` run killed with SIGKILL at random moments (50 kills) leaves every
file with exactly its old or exactly its new bytes: never partial, never
missing. The new bytes are those of a run that was not killed. A run killed
while it writes a fixed file (SIGXFSZ under a file-size limit) leaves no
temporary file behind: the new bytes go to an unnamed file (O_TMPFILE)."""
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import HLINT, SOURCE_DIR, Failures  # noqa: E402

sys.path.insert(0, os.path.join(SOURCE_DIR, "bench"))
import fix_check  # noqa: E402

KILLS = 50
COUNT = 250
T = Failures()


def contents(directory):
    out = {}
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, directory)] = f.read()
    return out


def fix_command(corpus):
    return [HLINT, "--fix", "--unsafe-fixes", "--offline", "--no-cache", "--format", "json", "-j", "2", corpus]


work = tempfile.mkdtemp(prefix="hlint-fix-crash-")
try:
    original_dir = os.path.join(work, "original")
    fix_check.make_corpus(SOURCE_DIR, original_dir, COUNT, work)
    old = contents(original_dir)
    reference_dir = os.path.join(work, "reference")
    shutil.copytree(original_dir, reference_dir)
    start = time.monotonic()
    subprocess.run(fix_command(reference_dir), capture_output=True, check=False)
    duration = time.monotonic() - start
    new = contents(reference_dir)
    changed = sum(1 for k in old if old[k] != new[k])
    T.check(changed > COUNT // 3, f"the run changes many files ({changed})")
    print(f"an uninterrupted run: {duration:.2f} s, {changed} of {COUNT} files changed")

    rng = random.Random(20261207)
    partial_runs = 0
    leftovers = 0
    for kill in range(KILLS):
        corpus = os.path.join(work, f"run{kill}")
        shutil.copytree(original_dir, corpus)
        proc = subprocess.Popen(fix_command(corpus), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = contents(corpus)
        temporary = [k for k in now if "hlint-fix-" in os.path.basename(k)]
        leftovers += len(temporary)
        for k in temporary:
            del now[k]
        T.equal(sorted(now), sorted(old), f"kill {kill}: no file missing, none added but temporaries")
        bad = [k for k in old if now.get(k) not in (old[k], new[k])]
        T.equal(bad, [], f"kill {kill}: every file is exactly old or new")
        fixed = sum(1 for k in old if old[k] != new[k] and now.get(k) == new[k])
        if 0 < fixed < changed:
            partial_runs += 1
        shutil.rmtree(corpus)
    # Killed in the middle of writing the new bytes: a 4 KiB file-size limit
    # stops the write of this 160 KB file with SIGXFSZ.
    lone = os.path.join(work, "lone")
    os.makedirs(lone)
    big = os.path.join(lone, "a.txt")
    with open(big, "w", encoding="utf-8") as f:
        f.write("高血压患者如何控制血压\n")
        f.writelines(f"第{i}行：控制血压需要坚持服药，限制食盐摄入，规律运动。\n" for i in range(2000))
        f.write("这里有一个零宽\u200b字符。\n")
    with open(big, "rb") as f:
        before = f.read()
    limited = subprocess.run([HLINT, "--fix", "--offline", "--no-cache", big], capture_output=True,
                             preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)))
    T.equal(limited.returncode, -signal.SIGXFSZ, "the write of the fixed file was killed (SIGXFSZ)")
    with open(big, "rb") as f:
        T.check(f.read() == before, "the file killed while written keeps its old bytes")
    T.equal(os.listdir(lone), ["a.txt"], "a run killed while writing leaves no temporary file")

    # The kills must have landed mid-run for the test to mean anything.
    T.check(partial_runs >= KILLS // 4, f"{partial_runs} of {KILLS} kills interrupted the fixing part way")
    print(f"{KILLS} kills: {partial_runs} part way through the fixes, {leftovers} temporary files left behind")
finally:
    shutil.rmtree(work, ignore_errors=True)
T.finish(2 * KILLS + 5)
