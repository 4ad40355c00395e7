#!/usr/bin/env bash
# Everything `npm start` needs on a fresh clone, idempotent and quick when done: npm packages (from the
# lock file), the embedded store (FerretDB), the reference data. With --test (`npm test`), also the
# system tools only the tests use: poppler-utils (PDF tests), openssl (TLS certificates).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ -z "${MONGODB_URI:-}" ]; then bash scripts/install-ferretdb.sh; fi
node scripts/setup-reference-data.mjs
[ "${1:-}" = --test ] || exit 0
# poppler-utils (pdftotext, pdftoppm, pdfdetach): the PDF certificate tests read real PDFs back
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v pdfdetach >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "setup: poppler-utils missing (pdftotext, pdftoppm, pdfdetach); install it to run the PDF tests" >&2
  fi
fi
# openssl: the HTTPS and interoperability tests make throwaway TLS certificates with it
command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
