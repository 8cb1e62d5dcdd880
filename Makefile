# ibsources: every target that builds installs what the build needs first.
SWIFT ?= swift
APT_PACKAGES := libyaml-dev libxml2-dev libsqlite3-dev pkg-config curl
BIN := .build/debug/ibsources

.PHONY: all deps build release test demo bench-readers bench-import bench-scale bench-emulator clean

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

build: deps
	$(SWIFT) build --product ibsources

release: deps
	$(SWIFT) build -c release --product ibsources

## test: builds and runs every test suite (Swift Testing).
## Serially: many suites measure real time (rate limits, latency, timeouts, signals) against
## a live emulator, and run side by side on 2 cores they starve each other (about 50 s in all).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

## demo: the whole job on the bundled emulator.
demo: build
	bash scripts/demo.sh

bench-readers: deps
	bash bench/readers.sh

bench-import: deps
	bash bench/import.sh

## bench-scale: 100,000 sources imported, exported, planned, reimported and restored (time, peak RSS).
bench-scale: deps
	bash bench/scale.sh

bench-emulator: deps
	bash bench/emulator-load.sh

clean:
	rm -rf .build bench/work demo-out
