#!/usr/bin/env bash
# Installs Forum Desk's .deb in a clean Debian root, runs it there, and removes it again:
# the check that the package installs for a volunteer with nothing but a stock Debian.
#
#   tests/package/test-deb.sh path/to/forumdesk_VERSION_ARCH.deb [CACHE_DIR]
#
# A minimal Debian root is made once with debootstrap, from the Debian package source this
# machine's apt already uses, and kept in CACHE_DIR (default: target/package-test) with the
# packages apt downloads, so repeat runs are quick. Every run works on a fresh copy of that
# root, which is deleted at the end. Needs root (it re-runs itself with sudo otherwise).
# Any failed step stops the test with a message and a non-zero exit.
set -euo pipefail

die() { echo "test-deb: FAIL: $*" >&2; exit 1; }
step() { printf "== [%3ss] %s\n" "$SECONDS" "$*"; }

[ $# -ge 1 ] || die "usage: $0 path/to/forumdesk.deb [CACHE_DIR]"
DEB="$(realpath "$1")"
[ -f "$DEB" ] || die "no such .deb: $1"
here="$(cd "$(dirname "$0")" && pwd)"
CACHE="$(realpath -m "${2:-$here/../../target/package-test}")"

if [ "$(id -u)" != 0 ]; then
  exec sudo -- "$0" "$DEB" "$CACHE"
fi

for tool in debootstrap chroot dpkg-deb; do
  command -v "$tool" >/dev/null || die "$tool is missing (make package-test installs it)"
done

PKG="$(dpkg-deb -f "$DEB" Package)"
VERSION="$(dpkg-deb -f "$DEB" Version)"
ARCH="$(dpkg-deb -f "$DEB" Architecture)"
[ "$ARCH" = "$(dpkg --print-architecture)" ] || die "$DEB is for $ARCH, this machine is $(dpkg --print-architecture)"
SUITE="${SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}"

# The Debian sources this machine's apt uses for $SUITE, $SUITE-updates and
# $SUITE-security, as one-line entries for the test root (other vendors' sources are left
# out). Set DEBIAN_MIRROR to use another mirror for all three.
debian_sources() {
  python3 - "$SUITE" <<'PY'
import glob, re, sys
suite = sys.argv[1]
wanted = [suite, suite + "-updates", suite + "-security"]
found = {}
def add(uri, suites, comps):
    for s in suites:
        if s in wanted and s not in found:
            found[s] = (uri.rstrip("/"), comps or ["main"])
files = ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*"))
for path in files:
    try:
        text = open(path).read()
    except OSError:
        continue
    if path.endswith(".sources"):
        for stanza in re.split(r"\n\s*\n", text):
            fields, key = {}, None
            for line in stanza.splitlines():
                if line.startswith("#") or not line.strip():
                    continue
                if line[0] in " \t" and key:
                    fields[key] += " " + line.strip()
                elif ":" in line:
                    key, _, value = line.partition(":")
                    key = key.strip().lower()
                    fields[key] = value.strip()
            if "deb" not in fields.get("types", "").split():
                continue
            for uri in fields.get("uris", "").split():
                add(uri, fields.get("suites", "").split(), fields.get("components", "").split())
    elif path.endswith(".list"):
        for line in text.splitlines():
            line = re.sub(r"\[[^]]*\]", "", line.split("#")[0]).split()
            if len(line) >= 3 and line[0] == "deb":
                add(line[1], [line[2]], line[3:])
if suite not in found:
    sys.exit(f"no Debian source for {suite} in /etc/apt/sources.list*; set DEBIAN_MIRROR")
for s in wanted:
    if s in found:
        uri, comps = found[s]
        print(f"deb {uri} {s} {' '.join(comps)}")
PY
}

if [ -n "${DEBIAN_MIRROR:-}" ]; then
  SOURCES="deb $DEBIAN_MIRROR $SUITE main
deb $DEBIAN_MIRROR $SUITE-updates main"
else
  SOURCES="$(debian_sources)" || die "could not find this machine's Debian package source"
fi
MIRROR="$(echo "$SOURCES" | awk -v s="$SUITE" '$3 == s { print $2; exit }')"

BASE="$CACHE/base-$SUITE-$ARCH"
ARCHIVES="$CACHE/apt-archives"
mkdir -p "$CACHE" "$ARCHIVES/partial"

# 1. The clean Debian root, made once and kept.
if [ ! -e "$BASE/.complete" ]; then
  step "Making a minimal Debian $SUITE root with debootstrap from $MIRROR (once; a few minutes)"
  rm -rf "$BASE"
  debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$BASE" "$MIRROR" \
    > "$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 30 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
  touch "$BASE/.complete"
else
  step "Reusing the minimal Debian $SUITE root in $BASE"
fi

# 2. A throwaway root: the clean one under an overlay (a plain copy where overlays are not
# available), with /proc, /sys and /dev mounted. The trap unmounts everything and deletes
# the throwaway part however the test ends; the clean root is never written to.
WORK="$(mktemp -d "$CACHE/run.XXXXXX")"
ROOT="$WORK/root"
MOUNTS=()
mounts_under_work() { awk -v w="$WORK" 'index($2, w "/") == 1 { print $2 }' /proc/mounts; }
cleanup() {
  local rc=$? m i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    m="${MOUNTS[$i]}"
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  if [ -n "$(mounts_under_work)" ]; then
    echo "test-deb: still mounted under $WORK, not deleting it:" >&2
    mounts_under_work >&2
    rc=1
  else
    rm -rf --one-file-system "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() { # mount_in TARGET ARGS...: mount, and remember it for the trap
  local target="$ROOT$1"; shift
  mkdir -p "$target"
  mount "$@" "$target"
  MOUNTS+=("$target")
}
mkdir -p "$ROOT" "$WORK/upper" "$WORK/work"
if mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$WORK/upper,workdir=$WORK/work" "$ROOT" 2>/dev/null; then
  MOUNTS+=("$ROOT")
  step "Throwaway root: an overlay on the clean root, at $ROOT"
else
  step "Throwaway root: a copy of the clean root, at $ROOT"
  cp -a "$BASE/." "$ROOT/"
fi
rm -f "$ROOT/.complete"
mount_in /proc -t proc proc
mount_in /sys -t sysfs sysfs
mount_in /dev --bind /dev
mount_in /dev/pts --bind /dev/pts
mount_in /var/cache/apt/archives --bind "$ARCHIVES"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
echo "$SOURCES" > "$ROOT/etc/apt/sources.list"
rm -f "$ROOT/etc/apt/sources.list.d/"*
# No services are started inside the root.
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
# The root is thrown away, so dpkg need not sync every file it writes.
echo force-unsafe-io > "$ROOT/etc/dpkg/dpkg.cfg.d/forumdesk-test-unsafe-io"
cp "$DEB" "$ROOT/tmp/$(basename "$DEB")"
chmod 644 "$ROOT/tmp/$(basename "$DEB")"

in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# 3. Install the package; apt resolves its dependencies (WebKitGTK and GTK) in the root.
step "apt-get update in the root"
in_root apt-get -q update > "$CACHE/apt.log" 2>&1 \
  || { tail -n 30 "$CACHE/apt.log" >&2; die "apt-get update failed in the root"; }
step "Installing $PKG $VERSION and its dependencies (WebKitGTK, GTK) in the root"
in_root apt-get -q install -y --no-install-recommends "/tmp/$(basename "$DEB")" >> "$CACHE/apt.log" 2>&1 \
  || { tail -n 30 "$CACHE/apt.log" >&2; die "apt-get install of the .deb failed in the root (log: $CACHE/apt.log)"; }
in_root dpkg-query -W -f='${Status}' "$PKG" | grep -qx 'install ok installed' \
  || die "$PKG is not installed after apt-get install"
echo "installed $(in_root dpkg-query -W -f='${Package} ${Version}' "$PKG")"

# 4. The files a volunteer gets.
step "Checking the installed files"
for f in /usr/bin/forumdesk \
         /usr/share/applications/forumdesk.desktop \
         /usr/share/icons/hicolor/128x128/apps/forumdesk.png \
         /usr/share/doc/forumdesk/copyright \
         /usr/share/doc/forumdesk/LICENSE \
         /usr/share/doc/forumdesk/LICENSE-DejaVu.txt \
         /usr/share/doc/forumdesk/THIRD-PARTY-NOTICES.txt \
         /usr/share/forumdesk/fonts/DejaVuSans.ttf \
         /usr/share/forumdesk/fonts/DejaVuSans-Bold.ttf; do
  [ -s "$ROOT$f" ] || die "$f is missing from the installed package"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$ROOT/usr/share/applications/forumdesk.desktop" \
    || die "the desktop entry is not valid (desktop-file-validate)"
fi
grep -qx 'Name=Forum Desk' "$ROOT/usr/share/applications/forumdesk.desktop" \
  || die "the desktop entry does not say Name=Forum Desk"
grep -qx 'Exec=forumdesk' "$ROOT/usr/share/applications/forumdesk.desktop" \
  || die "the desktop entry does not start forumdesk"
grep -q 'GNU AFFERO GENERAL PUBLIC LICENSE' "$ROOT/usr/share/doc/forumdesk/LICENSE" \
  || die "the licence text is not the GNU AGPL"
grep -Eq '^tauri [0-9.]+: ' "$ROOT/usr/share/doc/forumdesk/THIRD-PARTY-NOTICES.txt" \
  || die "THIRD-PARTY-NOTICES.txt does not list the tauri crate"
echo "ok: program, desktop entry, icon, licence notices and fonts are in place"

# 5. Run it: the command line needs no display.
step "Running forumdesk --version"
out="$(in_root forumdesk --version)" || die "forumdesk --version failed"
echo "$out"
[[ "$out" == *"${VERSION%%-*}"* ]] || die "forumdesk --version does not print $VERSION"

step "Running forumdesk info with a temporary data folder"
out="$(in_root forumdesk --data-dir /tmp/forumdesk-data info)" || die "forumdesk info failed"
echo "$out"
grep -Eq '^Data version: [0-9]+$' <<<"$out" || die "forumdesk info did not print 'Data version: N'"
grep -qx 'Data folder: /tmp/forumdesk-data' <<<"$out" || die "forumdesk info did not use the --data-dir folder"
# Nothing is written before a forum is set up with a passphrase.
[ ! -e "$ROOT/tmp/forumdesk-data/forumdesk.sqlite3" ] || die "forumdesk info wrote a database into a new folder"

# The demo forum: an encrypted store (SQLCipher) and Argon2id sign-ins, made by the
# installed program with the installed libraries.
step "Running forumdesk demo, then forumdesk info on it"
in_root forumdesk --data-dir /tmp/forumdesk-data demo > /dev/null || die "forumdesk demo failed"
out="$(in_root forumdesk --data-dir /tmp/forumdesk-data info)" || die "forumdesk info on the demo forum failed"
echo "$out"
grep -Eq '^Forum: encrypted; [0-9]+ people can sign in$' <<<"$out" \
  || die "forumdesk info does not describe the demo forum as encrypted"
db="$ROOT/tmp/forumdesk-data/forumdesk.sqlite3"
[ -s "$db" ] || die "forumdesk demo made no database"
[ "$(head -c 15 "$db")" != "SQLite format 3" ] || die "the demo forum's database is not encrypted"

step "Running FORUMDESK_DATA_DIR=... forumdesk info"
out="$(in_root FORUMDESK_DATA_DIR=/tmp/forumdesk-env forumdesk info)" || die "forumdesk info (environment) failed"
grep -qx 'Data folder: /tmp/forumdesk-env' <<<"$out" || die "forumdesk info ignored FORUMDESK_DATA_DIR"

# 6. Remove it again.
step "Removing $PKG"
in_root dpkg -r "$PKG" >> "$CACHE/apt.log" 2>&1 \
  || { tail -n 20 "$CACHE/apt.log" >&2; die "dpkg -r $PKG failed"; }
if in_root dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'ok installed'; then
  die "$PKG is still installed after dpkg -r"
fi
for f in /usr/bin/forumdesk /usr/share/applications/forumdesk.desktop /usr/share/forumdesk; do
  [ ! -e "$ROOT$f" ] || die "$f is still there after dpkg -r"
done
in_root sh -c 'command -v forumdesk' >/dev/null && die "forumdesk is still on PATH after dpkg -r"
echo "ok: removed"

echo "test-deb: PASS: $PKG $VERSION installs in a clean Debian $SUITE, runs, and removes cleanly"
