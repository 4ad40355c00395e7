#!/usr/bin/env bash
# Installs the embedded store, FerretDB v1.24.2, into .tools/bin (git-ignored). A second run is a no-op.
#
# The official command is `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`. A binary built
# that way panics at start ("Invalid build/version/version.txt file content", FerretDB issue #2982):
# FerretDB's own build writes build/version/version.txt first (`bin/task gen-version`), and `go install`
# cannot. So after `go install` we check the binary, and if it panics we build the very same module
# version from Go's module cache with that one generated file written, as FerretDB's build does.
set -euo pipefail
VERSION=v1.24.2
MODULE=github.com/FerretDB/FerretDB
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
target="$bin/ferretdb"

# the version line of a binary, read whole (grep -q on a pipe would race the writer under pipefail)
version_of() { "$1" --version 2>/dev/null | sed -n 's/^version: //p' || true; }

if [ -x "$target" ] && [ "$(version_of "$target")" = "$VERSION" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: Go is required (go install $MODULE/cmd/ferretdb@$VERSION)" >&2; exit 1; }
mkdir -p "$bin"
echo "install-ferretdb: go install $MODULE/cmd/ferretdb@$VERSION" >&2
GOBIN="$bin" GOFLAGS=-mod=mod go install "$MODULE/cmd/ferretdb@$VERSION"

if ! "$target" --version >/dev/null 2>&1; then
  echo "install-ferretdb: the go-installed binary lacks build/version/version.txt; rebuilding with it" >&2
  src=$(go mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { echo "install-ferretdb: module source not found in the Go module cache" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
  echo "$VERSION" > "$work/src/build/version/version.txt"
  (cd "$work/src" && go build -o "$target" ./cmd/ferretdb)
fi
[ "$(version_of "$target")" = "$VERSION" ] || { echo "install-ferretdb: $target does not report $VERSION" >&2; exit 1; }
echo "install-ferretdb: FerretDB $VERSION at $target" >&2
