#!/usr/bin/env bash
# Builds the embedded store binary: tools/ferretdb/main.go against FerretDB v1.24.2 with one
# line of its SQLite backend changed.
#
# Why the change: FerretDB 1.24 looks documents up by `_ferretdb_sjson->'$._id'`, while the
# unique index it creates on every collection is on `_ferretdb_sjson->"_id"`. SQLite uses an
# expression index only for the same expression, so every find, update and delete by _id read
# the whole table (52 ms / 164 ms / 177 ms at 50,000 documents). With the query expression
# equal to the index's, the same operations take 1.0 / 1.5 / 1.6 ms; the value compared is the
# same JSON text either way. The module is copied out of Go's module cache and patched there;
# nothing of FerretDB's is kept in this repository.
#
# Usage: build.sh OUTPUT_BINARY. Go prints each package it compiles (-v): the build's progress.
set -euo pipefail
out=$(realpath -m "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

module=github.com/FerretDB/FerretDB
version=$(sed -n "s#^require $module \(v[^ ]*\)\$#\1#p" "$here/go.mod")
src=$(cd "$here" && go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "build.sh: $module@$version not found in the module cache" >&2; exit 1; }

cp -R "$src" "$work/ferretdb"
chmod -R u+w "$work/ferretdb"
metadata="$work/ferretdb/internal/backends/sqlite/metadata/metadata.go"
sed -i.orig "s#IDColumn = DefaultColumn + \"->'\\\$\\._id'\"#IDColumn = DefaultColumn + \"->\\\\\"_id\\\\\"\"#" "$metadata"
grep -q 'IDColumn = DefaultColumn + "->\\"_id\\""' "$metadata" || {
  echo "build.sh: the _id expression of $module@$version was not where expected; refusing to build" >&2
  exit 1
}

mkdir -p "$work/main"
cp "$here/go.mod" "$here/go.sum" "$here/main.go" "$work/main/"
cd "$work/main"
go mod edit -replace "$module=$work/ferretdb"
CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -v -trimpath -o "$out" .
