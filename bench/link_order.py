#!/usr/bin/env python3
"""Writes src-tauri/link-order.txt.gz: the functions the window runs at start-up, at sign-in
and on its screens, in that order, for the linker to lay out first (see src-tauri/build.rs).

    make link-order        (as root: it sets the disk's read-ahead to 0 for a minute)

How: an unstripped release build (same flags, so the same symbol names) is run by one round
of the window benchmark on the 20-year forum (started twice: start-up, then sign-in and the
screens), with its file dropped from the page cache before each start and the disk's
read-ahead off, so each page of code is read only when it is first run. Every 100 ms
the pages of the program present in its memory (/proc/PID/pagemap) are noted; the
benchmark's own memory readings (BENCH_SMAPS) mark when start-up and sign-in ended. Each
function on a page present by then goes in the list, start-up's first.

usage: link_order.py BIN BENCH_EXAMPLE BENCH_DIR BARE_BIN OUT.gz
"""
import glob
import gzip
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time


def main():
    binary, example, bench_dir, bare, out = sys.argv[1:6]
    binary = os.path.realpath(binary)
    readahead = readahead_file(binary)
    before = open(readahead).read().strip()
    work = tempfile.mkdtemp(prefix="link-order-")
    dumps, smaps = os.path.join(work, "pages"), os.path.join(work, "smaps")
    os.makedirs(dumps)
    try:
        write(readahead, "0")
        drop_from_cache(binary)
        done = threading.Event()
        watcher = threading.Thread(target=watch, args=(binary, dumps, done), daemon=True)
        watcher.start()
        env = dict(os.environ, BENCH_ROUNDS="1", BENCH_SMAPS=smaps, FORUMDESK_BIN=binary)
        subprocess.run([example, bench_dir, bare], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        done.set()
        watcher.join(timeout=10)
    finally:
        write(readahead, before)
    phases = phase_dumps(dumps, smaps)
    names = ordered_symbols(binary, phases)
    with gzip.open(out, "wt", compresslevel=9) as f:
        f.write("\n".join(names) + "\n")
    print(f"{out}: {len(names)} functions ({', '.join(phases)})")


def readahead_file(path):
    """The read_ahead_kb file of the disk holding `path`."""
    dev = os.stat(path).st_dev
    block = f"/sys/dev/block/{os.major(dev)}:{os.minor(dev)}"
    for queue in (f"{block}/queue/read_ahead_kb", f"{block}/../queue/read_ahead_kb"):
        if os.path.exists(queue):
            return queue
    sys.exit(f"cannot find the read-ahead setting of the disk holding {path}")


def write(path, value):
    with open(path, "w") as f:
        f.write(value)


def watch(binary, outdir, done):
    """Every 100 ms while the program runs: its present pages, when they have changed. The
    benchmark starts it twice (start-up, then sign-in); between the two its file is dropped
    from the page cache again, so the second run too reads each page only when it runs it."""
    while not done.is_set():
        pid = find(binary)
        if pid is None:
            time.sleep(0.05)
            continue
        last = 0
        while True:
            try:
                present = present_pages(pid, binary)
            except (OSError, ProcessLookupError):
                break
            if len(present) != last:
                last = len(present)
                with open(f"{outdir}/{time.time_ns()}", "w") as f:
                    f.write("\n".join(present) + "\n")
            time.sleep(0.1)
        drop_from_cache(binary)


def drop_from_cache(binary):
    fd = os.open(binary, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)


def find(binary):
    for exe in glob.glob("/proc/[0-9]*/exe"):
        try:
            if os.readlink(exe) == binary:
                return int(exe.split("/")[2])
        except OSError:
            pass
    return None


def present_pages(pid, binary):
    """'perms file_offset' for each page of the program's file present in its memory."""
    maps = []
    for line in open(f"/proc/{pid}/maps"):
        parts = line.split()
        if len(parts) >= 6 and parts[5] == binary:
            start, end = (int(x, 16) for x in parts[0].split("-"))
            maps.append((start, end, parts[1], int(parts[2], 16)))
    present = []
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for start, end, perms, offset in maps:
            pagemap.seek(start // 4096 * 8)
            data = pagemap.read((end - start) // 4096 * 8)
            for i in range((end - start) // 4096):
                if struct.unpack_from("<Q", data, i * 8)[0] >> 63:
                    present.append(f"{perms} {offset + i * 4096}")
    return present


def phase_dumps(dumps, smaps):
    """The last page dump before each memory reading of Forum Desk (start, signed-in), and
    the very last one (the screens)."""
    taken = sorted(int(n) for n in os.listdir(dumps))
    if not taken:
        sys.exit("the program's pages were never read")
    phases = {}
    for state in ("start", "signed-in"):
        marks = [os.stat(p).st_mtime_ns for p in glob.glob(f"{smaps}/{state}-the-program-itself-*")]
        if not marks:
            sys.exit(f"the benchmark wrote no {state} reading")
        before = [t for t in taken if t <= marks[0]]
        phases[state] = f"{dumps}/{before[-1]}"
    phases["screens"] = f"{dumps}/{taken[-1]}"
    return phases


def ordered_symbols(binary, phases):
    """Each function on a present code page, by the phase that first ran it, in address order."""
    segments = []
    for line in subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        p = line.split()
        if p and p[0] == "LOAD":
            segments.append((int(p[1], 16), int(p[2], 16), int(p[4], 16)))
    functions = []
    for line in subprocess.run(["nm", "-n", "-S", "--defined-only", binary], capture_output=True,
                               text=True, check=True).stdout.splitlines():
        m = re.match(r"^([0-9a-f]+) ([0-9a-f]+) [tTwW] (.*)$", line)
        if m:
            functions.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3)))
    if not functions:
        sys.exit(f"{binary} has no symbols: build it with strip = false")
    functions.sort()
    starts = [f[0] for f in functions]
    seen, names = set(), []
    for dump in phases.values():
        batch = []
        for line in open(dump):
            perms, offset = line.split()
            if perms != "r-xp":
                continue
            page = next((v + int(offset) - o for o, v, size in segments
                         if o <= int(offset) < o + size), None)
            if page is None:
                continue
            i = max(0, bisect(starts, page) - 1)
            while i < len(functions) and functions[i][0] < page + 4096:
                address, size, name = functions[i]
                if address + size > page and name not in seen:
                    seen.add(name)
                    batch.append((address, name))
                i += 1
        names.extend(name for _, name in sorted(batch))
    return names


def bisect(values, x):
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


if __name__ == "__main__":
    main()
