#!/usr/bin/env python3
"""Writes the licence notices of the Rust libraries (crates) built into forumdesk.

    python3 packaging/third_party_notices.py OUT_FILE

Lists every crate the `forumdesk` program depends on for this platform (normal
dependencies, not dev- or build-only ones) with the licence its authors declare, then the
licence files each crate ships (LICENSE*, COPYING*, NOTICE*, ...), each text once with the
crates that ship it. Run by `cargo tauri build` before bundling (see
src-tauri/tauri.linux.conf.json); the Linux packages install the result as
/usr/share/doc/forumdesk/THIRD-PARTY-NOTICES.txt.
"""

import json
import os
import subprocess
import sys
from collections import defaultdict

ROOT_PACKAGE = "forumdesk"
NOTICE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense", "copyright", "authors")


def host_triple():
    out = subprocess.run(["rustc", "-vV"], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("host:"):
            return line.split(":", 1)[1].strip()
    sys.exit("third_party_notices: cannot tell the host platform from `rustc -vV`")


def cargo_metadata(workspace):
    triple = os.environ.get("TAURI_ENV_TARGET_TRIPLE") or host_triple()
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--filter-platform", triple],
        check=True, capture_output=True, text=True, cwd=workspace,
    ).stdout
    return json.loads(out)


def runtime_crates(meta):
    """The registry/git crates reachable from ROOT_PACKAGE through normal dependencies."""
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    roots = [p["id"] for p in meta["packages"] if p["name"] == ROOT_PACKAGE and p["source"] is None]
    if not roots:
        sys.exit(f"third_party_notices: no package {ROOT_PACKAGE} in the workspace")
    seen, stack = set(), roots[:]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(kind["kind"] is None for kind in dep["dep_kinds"]):
                stack.append(dep["pkg"])
    crates = [packages[pid] for pid in seen if packages[pid]["source"] is not None]
    return sorted(crates, key=lambda p: (p["name"], p["version"]))


def notice_files(package):
    folder = os.path.dirname(package["manifest_path"])
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and name.lower().startswith(NOTICE_PREFIXES):
            found.append(path)
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_path = sys.argv[1]
    workspace = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    crates = runtime_crates(cargo_metadata(workspace))

    texts = defaultdict(list)  # licence text -> ["crate version (FILE)", ...]
    lines = []
    for p in crates:
        licence = p.get("license") or (f"see {p['license_file']}" if p.get("license_file") else "not declared")
        files = notice_files(p)
        lines.append(f"{p['name']} {p['version']}: {licence}" + ("" if files else " (ships no licence file)"))
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read().strip()
            texts[text].append(f"{p['name']} {p['version']} ({os.path.basename(path)})")

    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(
            "Forum Desk: notices for the Rust libraries built into the forumdesk program\n\n"
            "Forum Desk itself is under the GNU Affero General Public License, version 3 or\n"
            "later (see LICENSE). The program is built with the Rust libraries (crates) below,\n"
            "each under the licence its authors give. First the list, then each licence text\n"
            "the crates ship, once, with the crates that ship it.\n\n"
            f"== {len(crates)} crates ==\n\n"
        )
        out.write("\n".join(lines) + "\n")
        for text, users in sorted(texts.items(), key=lambda kv: kv[1][0]):
            out.write("\n\n== " + ", ".join(users) + " ==\n\n" + text + "\n")
    print(f"third_party_notices: {len(crates)} crates, {len(texts)} distinct licence texts -> {out_path}")


if __name__ == "__main__":
    main()
