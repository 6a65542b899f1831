#!/usr/bin/env bash
# Kills `ebb build` with SIGKILL at random moments, many times, on a large
# generated journal, with the release binary; after each kill the output
# folder must be the complete previous site or the complete new one, and the
# next build must succeed and be complete.
#
# Usage: scripts/crash_safety.sh [KILLS=500] [ENTRIES=2000]
# Replay a run with EBB_STRESS_SEED=<the seed it printed>.
set -euo pipefail
cd "$(dirname "$0")/.."
export EBB_CRASH_KILLS="${1:-500}"
export EBB_CRASH_ENTRIES="${2:-2000}"
exec cargo test --release --test cli -- --include-ignored --exact --nocapture \
  crash::many_killed_builds_each_leave_the_previous_site_or_the_new_one
