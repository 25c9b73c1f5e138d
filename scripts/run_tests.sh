#!/usr/bin/env bash
# Set up Diarium with its test tools and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev
.venv/bin/python -m pytest "$@"
