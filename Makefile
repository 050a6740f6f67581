# Forum Desk: build, run and test. Every target works unattended, as root or as a user with
# sudo, and installs only what is missing, so repeat runs are quick.
#
#   make run     build the app and open the window (demo data on first run)
#   make test    install test tools, then fmt, clippy, and every test including the window
#   make bench   run the benchmarks
#   make link-order    list the code the window runs first, for release builds (as root)
#   make package       build the .deb a volunteer installs (not part of `make test`)
#   make package-test  install that .deb in a clean Debian root, run it there, remove it

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TARGET_DIR  := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
RELEASE_BIN := $(TARGET_DIR)/release/forumdesk
DEBUG_BIN   := $(TARGET_DIR)/debug/forumdesk

# `cargo install` puts tauri-driver here; make sure we find it even if PATH does not say so.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(PATH)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

# What Tauri 2 needs to compile on Debian 12 (see shared BUILD-FACTS).
BUILD_PKGS := libwebkit2gtk-4.1-dev librsvg2-dev build-essential pkg-config
# What the tests need: a virtual display, WebKit's WebDriver, PDF and image tools, fonts,
# and the locale data the window tests run under.
TEST_PKGS := xvfb webkit2gtk-driver poppler-utils qpdf imagemagick fonts-dejavu-core locales
# Dates must read the UK way whatever the computer's language, so the window tests run under
# C.UTF-8 (always there) and these, which Debian only has once generated.
TEST_LOCALES := en_US.UTF-8 en_GB.UTF-8
# PDF signature and calendar checks used by the export tests. pyhanko-cli gives the
# `pyhanko` command.
PY_PKGS := 'pyhanko>=0.38,<1' 'pyhanko-cli>=0.6,<1' 'icalendar>=7,<8'

# Installs the Debian packages in $(1) that are not installed yet; `apt-get update` only
# when something is missing.
define apt_install
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(APT_GET) update; \
	  $(APT_GET) install -y --no-install-recommends $$missing; \
	fi
endef

.PHONY: help deps-build deps-test deps-package deps-package-test build run test bench link-order package package-test

help:
	@echo "make run     build Forum Desk and open its window"
	@echo "make test    check formatting and lints, then run every test (installs test tools)"
	@echo "make build   build the release program ($(RELEASE_BIN))"
	@echo "make bench   run the benchmarks"
	@echo "make link-order  list the code the window runs first (src-tauri/link-order.txt.gz; as root)"
	@echo "make package       build the .deb ($(DEB_DIR)/forumdesk_*.deb)"
	@echo "make package-test  install the .deb in a clean Debian root, run it, remove it"

deps-build:
	$(call apt_install,$(BUILD_PKGS))

deps-test: deps-build
	$(call apt_install,$(TEST_PKGS))
	@missing=""; \
	for l in $(TEST_LOCALES); do \
	  locale -a 2>/dev/null | grep -qix "$${l/UTF-8/utf8}" || missing="$$missing $$l"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Generating locales:$$missing"; \
	  for l in $$missing; do \
	    if grep -q "^# *$$l UTF-8" /etc/locale.gen; then \
	      $(SUDO) sed -i "s/^# *\($$l UTF-8\)/\1/" /etc/locale.gen; \
	    elif ! grep -q "^$$l UTF-8" /etc/locale.gen; then \
	      echo "$$l UTF-8" | $(SUDO) tee -a /etc/locale.gen >/dev/null; \
	    fi; \
	  done; \
	  $(SUDO) locale-gen; \
	fi
	@command -v tauri-driver >/dev/null || { \
	  echo "Installing tauri-driver 2 (about a minute)"; \
	  cargo install tauri-driver --version '^2' --locked; }
	@python3 -m pip --version >/dev/null 2>&1 || { \
	  echo "Installing pip"; \
	  $(APT_GET) update; $(APT_GET) install -y --no-install-recommends python3-pip; }
	@python3 -m pip show pyhanko pyhanko-cli icalendar >/dev/null 2>&1 || { \
	  echo "Installing Python tools: $(PY_PKGS)"; \
	  PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
	    python3 -m pip install --quiet $(PY_PKGS); }

# Release is what people run.
build:
	cargo build --release -p forumdesk

run: deps-build build
# demo subcommand: provided by forumdesk-cli
	@dir="$$($(RELEASE_BIN) info --data-folder)"; \
	if [ ! -e "$$dir/forumdesk.sqlite3" ]; then \
	  echo "First run: putting demo data in $$dir"; \
	  FORUMDESK_PASSPHRASE="$${FORUMDESK_PASSPHRASE:-demo-passphrase}" $(RELEASE_BIN) demo; \
	fi; \
	echo ""; \
	echo "Sign in as Siobhán (chair) or Zoë (treasurer) with the passphrase: $${FORUMDESK_PASSPHRASE:-demo-passphrase}"; \
	echo "(Łukasz, a representative, has the same passphrase.)"; \
	echo ""
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "Forum Desk is built, but it needs a desktop display to open its window, and this"; \
	  echo "session has none. Run 'make run' from your desktop session. To try it here on a"; \
	  echo "virtual display, run:  xvfb-run -a $(RELEASE_BIN)"; \
	  echo "The command line works without a display, for example: $(RELEASE_BIN) info"; \
	else \
	  exec $(RELEASE_BIN); \
	fi

# Everything is built once, in the debug profile: `cargo build --workspace --all-targets`
# makes the same build as `cargo test --workspace` (same features, dev-dependencies included)
# and also produces target/debug/forumdesk, which the window tests drive. Building the
# binary any other way (e.g. `-p forumdesk` alone) unifies features differently and
# recompiles Tauri's dependency tree.
test: deps-test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo build --workspace --all-targets
	FORUMDESK_BIN="$(DEBUG_BIN)" cargo test --workspace

# Figures, not pass/fail: timings on a shared machine are a guide. The big forum is kept in
# $(BENCH_DIR) so the window's start-up can be measured on it too.
BENCH_DIR := $(TARGET_DIR)/bench-forum
# The floor the window is measured against: bench/bare-app, its own workspace (so `make test`
# never builds it), with the same Tauri and release profile as Forum Desk.
BARE_BIN := $(TARGET_DIR)/release/forumdesk-bare-app
bench: deps-test
	@echo "== Store: a forum of 10,000 members and 200,000 claim lines over 20 years =="
	cargo run --release -p forumdesk-core --example bench_store -- --keep "$(BENCH_DIR)"
	@echo "== Window: start-up, sign-in, idle memory and screen draws, beside a bare Tauri 2 app =="
	cargo build --release -p forumdesk
	cd bench/bare-app && CARGO_TARGET_DIR="$(TARGET_DIR)" cargo build --release --locked
	FORUMDESK_BIN="$(RELEASE_BIN)" cargo run --release -p forumdesk-e2e --example startup -- \
	  "$(BENCH_DIR)" "$(BARE_BIN)"
	@echo "== Reps' own computers: 30 reps x 12 months of claim files through one folder =="
	cargo run --release -p forumdesk-core --example bench_exchange
	@echo "== Exports: a 50-line claim pack with 50 phone-photo receipts, 12-page notes, sizes =="
	cargo run --release -p forumdesk-export --example pack_bench
	@echo "== Package: the .deb a volunteer installs =="
	@deb="$$(ls -t $(DEB_DIR)/*.deb 2>/dev/null | head -n 1 || true)"; \
	if [ -n "$$deb" ]; then \
	  bytes=$$(stat -c %s "$$deb"); \
	  awk -v b="$$bytes" -v k="$$(dpkg-deb -f "$$deb" Installed-Size)" -v f="$$(basename "$$deb")" \
	    'BEGIN { printf "%s: %.1f MB (%d bytes), %.1f MB installed\n", f, b / 1e6, b, k * 1024 / 1e6 }'; \
	  echo "(for comparison, a bare Tauri 2 app's .deb is about 4.1 MB)"; \
	else \
	  echo "No .deb built yet: run 'make package' (slow the first time), then 'make bench' again."; \
	fi

# The functions the window runs at start-up, at sign-in and on its screens, for release
# builds to lay out first (src-tauri/build.rs says why; bench/link_order.py says how). Run
# it as root (it turns the disk's read-ahead off for a minute) after moving to a newer
# compiler or newer crates, then commit the file: a stale list costs memory, not correctness.
# The list is read from a build with its symbols kept, linked from the very same objects as
# the stripped program (a profile that kept them would name every function differently).
SYMBOLS_BIN := $(TARGET_DIR)/forumdesk-with-symbols
link-order: deps-test
	test -d "$(BENCH_DIR)" || cargo run --release -p forumdesk-core --example bench_store -- --keep "$(BENCH_DIR)"
	cd bench/bare-app && CARGO_TARGET_DIR="$(TARGET_DIR)" cargo build --release --locked
	cargo build --release -p forumdesk-e2e --example startup
	cargo rustc --release -p forumdesk --bin forumdesk -- -C strip=none
	cp "$(RELEASE_BIN)" "$(SYMBOLS_BIN)"
	python3 bench/link_order.py "$(SYMBOLS_BIN)" "$(TARGET_DIR)/release/examples/startup" \
	  "$(BENCH_DIR)" "$(BARE_BIN)" src-tauri/link-order.txt.gz
	cargo build --release -p forumdesk

# Packaging. Not part of `make test`: the first run installs tauri-cli (about 12 minutes on
# two idle cores, far longer on a busy machine) and makes a release build. Linux packages
# are named `forumdesk` (src-tauri/tauri.linux.conf.json); the desktop entry, icons,
# licence notices (packaging/third_party_notices.py lists the Rust crates) and the fonts go
# in with the program.
DEB_DIR := $(TARGET_DIR)/release/bundle/deb
PACKAGE_TEST_DIR := $(TARGET_DIR)/package-test

deps-package: deps-build
	$(call apt_install,python3)
	@cargo tauri --version >/dev/null 2>&1 || { \
	  echo "Installing tauri-cli 2 (once; about 12 minutes on two idle cores)"; \
	  cargo install tauri-cli --version '^2' --locked; }

package: deps-package
	rm -f $(DEB_DIR)/*.deb
	cd src-tauri && cargo tauri build --bundles deb
	@deb="$$(ls $(DEB_DIR)/*.deb)"; \
	echo "Built $$deb ($$(du -h "$$deb" | cut -f1))"; \
	echo "Install it with:  sudo apt install $$deb"

# Installs the .deb in a throwaway Debian root made with debootstrap (kept in
# $(PACKAGE_TEST_DIR), so repeat runs are quicker), runs `forumdesk --version` and
# `forumdesk info` there, and removes it.
deps-package-test:
	$(call apt_install,debootstrap desktop-file-utils)

package-test: package deps-package-test
	$(SUDO) tests/package/test-deb.sh "$$(ls $(DEB_DIR)/*.deb)" "$(PACKAGE_TEST_DIR)"
