#!/usr/bin/env bash
# `make install` into a staging directory (DESTDIR) with the debug build, then checks that every
# file landed where README says, under PREFIX, and works: run by `make test`, so it never builds
# a release binary (INSTALL_CONFIG=debug).
set -euo pipefail
cd "$(dirname "$0")/.."
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
prefix=/opt/ibsources-check
make --no-print-directory install INSTALL_CONFIG=debug DESTDIR="$stage" PREFIX="$prefix" > "$stage.log" 2>&1 || {
  cat "$stage.log"; rm -f "$stage.log"; echo "check-install: make install failed" >&2; exit 1; }
rm -f "$stage.log"
root="$stage$prefix"
fail() { echo "check-install: $*" >&2; exit 1; }
expect_file() { [ -s "$root/$1" ] || fail "missing or empty: \$DESTDIR\$PREFIX/$1"; }

expect_file bin/ibsources
[ -x "$root/bin/ibsources" ] || fail "bin/ibsources is not executable"
version="$("$root/bin/ibsources" --version)"
[ -n "$version" ] || fail "ibsources --version printed nothing"

expect_file share/man/man1/ibsources.1
grep -q '^\.Dt IBSOURCES 1' "$root/share/man/man1/ibsources.1" || fail "the man page has no .Dt IBSOURCES 1"
for command in import restore rollback delete export sign-url serve; do
  grep -q "$command" "$root/share/man/man1/ibsources.1" || fail "the man page does not describe $command"
done
if command -v groff > /dev/null; then
  rendered="$(groff -mandoc -Tutf8 "$root/share/man/man1/ibsources.1" 2>/dev/null)"
  grep -q -- '--detailed-exitcode' <<< "$rendered" || fail "the rendered man page lacks --detailed-exitcode"
fi

expect_file share/bash-completion/completions/ibsources
bash -n "$root/share/bash-completion/completions/ibsources" || fail "the bash completion is not valid bash"
grep -q 'complete .*ibsources' "$root/share/bash-completion/completions/ibsources" || fail "the bash completion registers nothing"
expect_file share/zsh/site-functions/_ibsources
head -1 "$root/share/zsh/site-functions/_ibsources" | grep -q '^#compdef ibsources' || fail "the zsh completion lacks #compdef"
expect_file share/fish/vendor_completions.d/ibsources.fish
grep -q "^complete -c 'ibsources'" "$root/share/fish/vendor_completions.d/ibsources.fish" || fail "the fish completion completes nothing"

# Nothing outside PREFIX, nothing but these five files.
count="$(find "$stage" -type f | wc -l)"
[ "$count" -eq 5 ] || { find "$stage" -type f >&2; fail "expected 5 files under DESTDIR, found $count"; }
[ "$(find "$stage" -mindepth 1 -maxdepth 1)" = "$stage/opt" ] || fail "files outside PREFIX"

make --no-print-directory uninstall DESTDIR="$stage" PREFIX="$prefix" > /dev/null
[ "$(find "$stage" -type f | wc -l)" -eq 0 ] || fail "make uninstall left files behind"
echo "check-install: make install put ibsources ($version), its man page and 3 completions under \$DESTDIR$prefix"
