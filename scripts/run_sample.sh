#!/usr/bin/env bash
# Set up Diarium and run its main job on the shipped sample corpus: bulk-import corpus/documents
# into an index (.diarium/sample), then search it for an organisation and trace a lineage.
# Extra arguments go to `diarium import` (--workers N, --no-ocr, --json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
index=.diarium/sample
.venv/bin/diarium import corpus/documents --index "$index" --corrections corpus/organisations.json "$@"
echo
echo '$ diarium search "Stadsmissionen i Lund"'
.venv/bin/diarium search "Stadsmissionen i Lund" --index "$index" --limit 3
echo
echo '$ diarium trace BN-2024-00013'
.venv/bin/diarium trace BN-2024-00013 --index "$index"
