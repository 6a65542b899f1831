#!/usr/bin/env bash
# `ebb serve` on a large generated journal, hit with bursts of saves (a
# checkout of many files, deletions and restores, folder renames, vim,
# in-place and JetBrains saves, a broken and fixed template), then many
# single edits. After each burst the served site must equal a fresh
# `ebb build --drafts`; prints rebuilds per burst, save-to-reload times and
# the server's memory (VmRSS) before and after the single edits. serve runs
# with EBB_VERIFY=1; run with EBB_VERIFY=0 to time rebuilds without it.
#
# Usage: scripts/watch_stress.sh [ENTRIES=2000] [BURST=500] [EDITS=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
export EBB_STRESS_ENTRIES="${1:-2000}"
export EBB_STRESS_BURST="${2:-500}"
export EBB_STRESS_EDITS="${3:-1000}"
exec cargo test --release --test cli -- --include-ignored --exact --nocapture \
  stress::serve_keeps_up_with_large_bursts_of_saves
