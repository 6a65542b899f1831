#!/usr/bin/env bash
# A load of GET requests on `ebb serve` from concurrent clients on loopback,
# for a bounded time, while an entry is saved every 100 ms; then the hostile
# and slow request tests. No request may fail; prints requests per second and
# latency percentiles. All traffic goes to 127.0.0.1 and stops by itself.
#
# Usage: scripts/serve_load.sh [SECONDS=20] [CLIENTS=8] [ENTRIES=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
export EBB_LOAD_SECONDS="${1:-20}"
export EBB_LOAD_CLIENTS="${2:-8}"
export EBB_LOAD_ENTRIES="${3:-2000}"
cargo test --release --test cli -- --exact --nocapture \
  attack::serve_answers_every_request_under_load_while_entries_change
exec cargo test --release --test cli -- --include-ignored --exact --nocapture \
  attack::hostile_requests_get_4xx_and_the_server_stays_up \
  attack::slow_requests_are_cut_off_in_time
