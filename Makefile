# ibsources: every target that builds installs what the build needs first.
SWIFT ?= swift
APT_PACKAGES := libyaml-dev libxml2-dev libsqlite3-dev pkg-config curl openssl
## SERVER_PACKAGES: real third-party servers the end-to-end tests put between the client and the
## emulator (Tests/SourcesMigrationTests/Strangers): nginx's limit_req and its echo module
## (nginx-light depends on libnginx-mod-http-echo), Rack::Attack on WEBrick with ActiveSupport's
## cache. `make test` installs them; if apt cannot, it records why in SERVERS_UNAVAILABLE and those
## tests are skipped with that reason (a machine that merely lacks them fails those tests instead).
SERVER_PACKAGES := nginx-light ruby ruby-rack ruby-rack-attack ruby-webrick ruby-activesupport
SERVERS_UNAVAILABLE := .build/third-party-servers.unavailable
BIN := .build/debug/ibsources

## install: where and what (`make install PREFIX=$$HOME/.local`; DESTDIR stages a package).
PREFIX ?= /usr/local
DESTDIR ?=
## INSTALL_CONFIG: the build that `make install` installs: release (the default) or debug (the
## quick check `make test` runs, so that it never needs a release build).
INSTALL_CONFIG ?= release
INSTALL_BIN = .build/$(INSTALL_CONFIG)/ibsources
MANUAL := .build/plugins/GenerateManual/outputs/ibsources/ibsources.1
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASH_COMPLETIONS = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSH_COMPLETIONS = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISH_COMPLETIONS = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: all deps test-servers build release test test-venv demo format lint bench-readers bench-import bench-check bench-scale bench-emulator clean manual install uninstall

all: build

## deps: install the system libraries the build links (Debian/Ubuntu, via apt-get) when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## test-servers: install SERVER_PACKAGES when missing; never fails, but leaves SERVERS_UNAVAILABLE
## (apt's last words) when they cannot be installed, and removes it when they are there.
test-servers:
	@mkdir -p .build; missing=""; for p in $(SERVER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing the test servers:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  if ! { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; } \
	      > .build/test-servers-apt.log 2>&1; then \
	    { echo "apt-get install$$missing failed:"; tail -n 3 .build/test-servers-apt.log; } > $(SERVERS_UNAVAILABLE); \
	    echo "warning: the third-party server tests will be skipped:"; cat $(SERVERS_UNAVAILABLE); exit 0; \
	  fi; \
	fi; \
	rm -f $(SERVERS_UNAVAILABLE)

build: deps
	$(SWIFT) build --product ibsources

release: deps
	$(SWIFT) build -c release --product ibsources

## test-venv: the test-only tools from PyPI in .venv-test/ (moto's S3 server, which verifies
## signatures, and botocore, an independent SigV4 signer), for the storage check's tests.
## Does nothing when they are there already; without python3 the tests that need them are skipped.
VENV := .venv-test
MOTO_VERSION := 5.2.1
test-venv:
	@if ! command -v python3 >/dev/null 2>&1; then \
	  echo "python3 is missing: the botocore and moto tests will be skipped"; \
	elif [ -f $(VENV)/.installed-moto-$(MOTO_VERSION) ]; then \
	  :; \
	else \
	  python3 -m venv $(VENV) 2>/dev/null || { \
	    SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-venv && \
	    python3 -m venv $(VENV); } && \
	  $(VENV)/bin/pip install -q --disable-pip-version-check 'moto[server]==$(MOTO_VERSION)' boto3 botocore && \
	  touch $(VENV)/.installed-moto-$(MOTO_VERSION); \
	fi

## test: builds and runs every test suite (Swift Testing), every warning of our own targets an
## error (IBSOURCES_WARNINGS_AS_ERRORS, read by Package.swift; dependencies keep their warnings).
## Serially: many suites measure real time (rate limits, latency, timeouts, signals) against
## a live emulator, and run side by side on 2 cores they starve each other (about 4 minutes in all).
## The style check (`lint`, about 2 s) runs first, so CI refuses code that `make format` would change.
test: deps test-servers test-venv lint
	IBSOURCES_WARNINGS_AS_ERRORS=1 $(SWIFT) build --build-tests
	IBSOURCES_WARNINGS_AS_ERRORS=1 $(SWIFT) test --skip-build --no-parallel
	bash scripts/check-install.sh

## format: rewrites Sources, Tests and Package.swift in place in the project's one style
## (.swift-format: 4 spaces, 120 columns; swift-format ships with the toolchain).
## lint: the same style checked, failing on any finding (what CI runs); it changes nothing.
FORMAT_PATHS := Sources Tests Package.swift
format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMAT_PATHS)

lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

## manual: the man page, from the commands' own help (swift-argument-parser's generate-manual plugin;
## it builds its tool once, offline, from the resolved packages).
manual: deps
	$(SWIFT) package plugin generate-manual --configuration $(INSTALL_CONFIG)

## install: the binary, its man page and its bash, zsh and fish completions under $(DESTDIR)$(PREFIX).
install: deps manual
	$(SWIFT) build -c $(INSTALL_CONFIG) --product ibsources
	install -d "$(BINDIR)" "$(MANDIR)" "$(BASH_COMPLETIONS)" "$(ZSH_COMPLETIONS)" "$(FISH_COMPLETIONS)"
	install -m 0755 "$(INSTALL_BIN)" "$(BINDIR)/ibsources"
	install -m 0644 "$(MANUAL)" "$(MANDIR)/ibsources.1"
	"$(INSTALL_BIN)" --generate-completion-script bash > "$(BASH_COMPLETIONS)/ibsources"
	"$(INSTALL_BIN)" --generate-completion-script zsh > "$(ZSH_COMPLETIONS)/_ibsources"
	"$(INSTALL_BIN)" --generate-completion-script fish > "$(FISH_COMPLETIONS)/ibsources.fish"
	chmod 0644 "$(BASH_COMPLETIONS)/ibsources" "$(ZSH_COMPLETIONS)/_ibsources" "$(FISH_COMPLETIONS)/ibsources.fish"
	@echo "installed $(BINDIR)/ibsources (man ibsources; completions for bash, zsh, fish)"

uninstall:
	rm -f "$(BINDIR)/ibsources" "$(MANDIR)/ibsources.1" "$(BASH_COMPLETIONS)/ibsources" \
	  "$(ZSH_COMPLETIONS)/_ibsources" "$(FISH_COMPLETIONS)/ibsources.fish"

## demo: the whole job on the bundled emulator.
demo: build
	bash scripts/demo.sh

bench-readers: deps
	bash bench/readers.sh

bench-import: deps
	@missing=""; for p in wrk time; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing the benchmark's tools:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	bash bench/import.sh

## bench-check: `check` on 1,000 buckets against moto, and against a provider that answers in 100 ms.
bench-check: deps test-venv
	bash bench/check.sh

## bench-scale: 100,000 sources imported, exported, planned, reimported and restored (time, peak RSS).
bench-scale: deps
	bash bench/scale.sh

bench-emulator: deps
	bash bench/emulator-load.sh

clean:
	rm -rf .build bench/work demo-out
