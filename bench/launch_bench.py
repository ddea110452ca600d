#!/usr/bin/env python3
"""Launch latency of `cordon run` against plain exec, bubblewrap and firejail.

    bench/launch_bench.py [--build build] [--rounds 40] [--markdown]

Every row starts /bin/true and waits for it. Rounds are interleaved (each
round runs every row once, in a rotating order) so that load on a shared
machine touches all rows alike, and the table reports medians: wall time
from spawn to reap, CPU time (user+sys of the row's whole process tree, from
wait4), and what each row adds to plain /bin/true. A row whose command does
not exit 0 stops the benchmark.

Rows (comparable options side by side):
  /bin/true                                  the baseline
  cordon run /bin/true                       cordon, no restriction
  cordon run -nS cat.policy /bin/true        seccomp after the loader (preload)
  bwrap --bind / / --seccomp FD /bin/true    seccomp before exec (loader policy)
  cordon run -nS cat.policy -p -v -e ...     + pid, mount and net namespaces
  bwrap ... --unshare-pid --unshare-net --proc /proc --seccomp FD
  firejail --noprofile /bin/true             firejail's default sandbox
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rows(cordon, cat_policy, bpf_path):
    """(name, argv, needs_bpf_on_fd3) for each row."""
    bwrap = shutil.which("bwrap")
    firejail = shutil.which("firejail")
    out = [
        ("/bin/true", ["/bin/true"], False),
        ("cordon run", [cordon, "run", "/bin/true"], False),
        ("cordon run -nS cat.policy", [cordon, "run", "-nS", cat_policy, "/bin/true"], False),
    ]
    if bwrap:
        out.append(("bwrap --seccomp", [bwrap, "--bind", "/", "/", "--seccomp", "3", "/bin/true"], True))
    out.append(("cordon run -nS cat.policy -p -v -e",
                [cordon, "run", "-nS", cat_policy, "-p", "-v", "-e", "/bin/true"], False))
    if bwrap:
        out.append(("bwrap --seccomp --unshare-pid --unshare-net --proc",
                    [bwrap, "--bind", "/", "/", "--unshare-pid", "--unshare-net", "--proc", "/proc",
                     "--seccomp", "3", "/bin/true"], True))
    if firejail:
        out.append(("firejail --noprofile", [firejail, "--quiet", "--noprofile", "/bin/true"], False))
    return out


def run_once(argv, bpf_path):
    """Returns (wall seconds, cpu seconds, exit status)."""
    actions = [(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0)]
    if bpf_path is not None:
        actions.append((os.POSIX_SPAWN_OPEN, 3, bpf_path, os.O_RDONLY, 0))
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = open("/proc/loadavg").read().split()[:3]
    return (f"{platform.node()}: Linux {platform.release()}, {cpu}, {os.cpu_count()} CPUs, "
            f"load average {' '.join(load)}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"), help="cordon build directory")
    p.add_argument("--rounds", type=int, default=40)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    a = p.parse_args()

    cordon = os.path.join(a.build, "src/cordon/cli/cordon")
    if not os.access(cordon, os.X_OK):
        sys.exit(f"launch_bench: no cordon binary at {cordon} (build first, or pass --build)")
    cat_policy = os.path.join(ROOT, "examples/cat.policy")
    tmp = tempfile.mkdtemp(prefix="cordon-bench-")
    bpf = os.path.join(tmp, "loader.bpf")
    subprocess.run([cordon, "compile", os.path.join(ROOT, "bench/launch_loader.policy"), "-o", bpf],
                   check=True)
    table = rows(cordon, cat_policy, bpf)
    print(f"# {machine()}", file=sys.stderr)

    samples = {name: ([], []) for name, _, _ in table}
    for r in range(a.warmup + a.rounds):
        shift = r % len(table)
        for name, argv, needs_bpf in table[shift:] + table[:shift]:
            wall, cpu, code = run_once(argv, bpf if needs_bpf else None)
            if code != 0:
                sys.exit(f"launch_bench: '{' '.join(argv)}' exited {code}")
            if r >= a.warmup:
                samples[name][0].append(wall)
                samples[name][1].append(cpu)
    shutil.rmtree(tmp)

    base_wall = statistics.median(samples["/bin/true"][0])
    base_cpu = statistics.median(samples["/bin/true"][1])
    ms = lambda s: f"{s * 1e3:.2f}"
    header = ["row", "wall ms (median)", "+ over /bin/true", "x /bin/true", "CPU ms (median)",
              "+ CPU"]
    lines = []
    for name, _, _ in table:
        wall = statistics.median(samples[name][0])
        cpu = statistics.median(samples[name][1])
        lines.append([name, ms(wall), ms(wall - base_wall), f"{wall / base_wall:.2f}", ms(cpu),
                      ms(cpu - base_cpu)])
    print(f"# {a.rounds} interleaved rounds after {a.warmup} warm-up; {machine()}", file=sys.stderr)
    if a.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for l in lines:
            print("| `" + l[0] + "` | " + " | ".join(l[1:]) + " |")
    else:
        widths = [max(len(str(x[i])) for x in [header] + lines) for i in range(len(header))]
        for l in [header] + lines:
            print("  ".join(str(v).ljust(w) for v, w in zip(l, widths)))


if __name__ == "__main__":
    main()
