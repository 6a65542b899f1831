#!/usr/bin/env bash
# Times `ebb import daylio` on a generated export of ROWS rows (default
# 10,000: four check-ins a day, a decade and more of Daylio), newest first
# as the app writes them, into a fresh journal each run. Prints each run's
# wall time and what the import reported.
#
#   scripts/import_bench.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
runs=${2:-5}

cargo build --release --quiet
ebb="$PWD/target/release/ebb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same shape as the ignored test `import::ten_thousand_daylio_rows_import_whole`.
awk -v rows="$rows" 'BEGIN {
  split("rad good meh bad awful", moods, " ")
  split("7:05 am|10:40 am|1:15 pm|9:30 pm", times, "|")
  print "full_date,date,weekday,time,mood,activities,note_title,note"
  days = int((rows + 3) / 4)
  start = 1420070400   # 2015-01-01, UTC
  for (d = days - 1; d >= 0; d--) {
    t = start + d * 86400
    cmd = "date -u -d @" t " +%Y-%m-%d,%B\\ %-d,%A"
    cmd | getline day; close(cmd)
    for (i = 4; i >= 1; i--) {
      n = d * 4 + i - 1
      if (n >= rows) continue
      note = (n % 3 == 0) ? "\"Row " n ", with a comma\"" : ""
      printf "%s,%s,work | reading,,%s\n", day, times[i] "," moods[n % 5 + 1], note
    }
  }
}' > "$work/daylio.csv"
echo "$(($(wc -l < "$work/daylio.csv") - 1)) rows in $(du -h "$work/daylio.csv" | cut -f1)" >&2

for run in $(seq "$runs"); do
  journal="$work/journal-$run"
  mkdir -p "$journal/content"
  printf '[book]\ntitle = "Bench"\n' > "$journal/book.toml"
  start=$(date +%s.%N)
  (cd "$journal" && "$ebb" import daylio "$work/daylio.csv" --mode IC | tail -1)
  end=$(date +%s.%N)
  echo "run $run: $(echo "$end - $start" | bc) s" >&2
done
