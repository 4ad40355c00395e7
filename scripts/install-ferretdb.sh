#!/usr/bin/env bash
# Installs the embedded store, FerretDB v1.24.2, into .tools/bin (git-ignored), with one documented
# patch (below). A second run is a no-op: the binary is rebuilt only when it is missing, reports another
# version, or is not the binary whose patched `_id` index was checked (its sha256 is kept beside it).
#
# Why it is built from source: the official `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`
# gives a binary that panics at start ("Invalid build/version/version.txt file content", FerretDB issue
# #2982) because FerretDB's own build writes build/version/version.txt first and `go install` cannot; so we
# build the very same module version from Go's module cache with that one generated file written.
#
# The patch (one line, internal/backends/sqlite/metadata/metadata.go):
#   -	IDColumn = DefaultColumn + "->'$._id'"
#   +	IDColumn = DefaultColumn + "->'_id'"
# The SQLite backend creates the unique `_id` index on the expression `_ferretdb_sjson->"_id"`, but looks
# documents up by `_id` (find, update, delete) with `_ferretdb_sjson->'$._id'`. Both expressions yield
# the same value, yet SQLite uses an expression index only for the very expression it was built on, so
# every `_id` lookup scanned the whole collection (918 ms for one credential among ~3,000; DESIGN.md §4).
# With the patch the lookups say `->'_id'`, which SQLite matches to the index; stored data and the
# index itself are unchanged, so existing databases keep working. After the build,
# scripts/check-ferretdb-id-index.mjs runs the new binary and asks it to EXPLAIN an `_id` lookup: the
# install fails unless SQLite's plan uses the `_id` index.
set -euo pipefail
VERSION=v1.24.2
MODULE=github.com/FerretDB/FerretDB
PATCH_ID="$VERSION+id-index"
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
target="$bin/ferretdb"
marker="$target.patch"

# the version line of a binary, read whole (grep -q on a pipe would race the writer under pipefail)
version_of() { "$1" --version 2>/dev/null | sed -n 's/^version: //p' || true; }
stamp_of() { echo "$PATCH_ID $(sha256sum "$1" | cut -d' ' -f1)"; }

if [ -x "$target" ] && [ "$(version_of "$target")" = "$VERSION" ] && [ -f "$marker" ] &&
  [ "$(cat "$marker")" = "$(stamp_of "$target")" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: Go is required to build $MODULE@$VERSION" >&2; exit 1; }
mkdir -p "$bin"
echo "install-ferretdb: building $MODULE@$VERSION with the _id index patch" >&2
src=$(GOFLAGS=-mod=mod go mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "install-ferretdb: module source not found in the Go module cache" >&2; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$VERSION" > "$work/src/build/version/version.txt"

metadata="$work/src/internal/backends/sqlite/metadata/metadata.go"
sed -i "s|^\(\tIDColumn = DefaultColumn + \"->'\)\\\$\.\(_id'\"\)$|\1\2|" "$metadata"
grep -qx "	IDColumn = DefaultColumn + \"->'_id'\"" "$metadata" ||
  { echo "install-ferretdb: the _id index patch did not apply to $metadata" >&2; exit 1; }

(cd "$work/src" && GOFLAGS=-mod=mod go build -o "$work/ferretdb" ./cmd/ferretdb)
[ "$(version_of "$work/ferretdb")" = "$VERSION" ] ||
  { echo "install-ferretdb: the built binary does not report $VERSION" >&2; exit 1; }
node "$root/scripts/check-ferretdb-id-index.mjs" "$work/ferretdb"
mv -f "$work/ferretdb" "$target"
stamp_of "$target" > "$marker"
echo "install-ferretdb: FerretDB $VERSION (patched _id index) at $target" >&2
