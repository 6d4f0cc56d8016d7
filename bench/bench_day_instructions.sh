#!/bin/sh
# Machine instructions a request of the day page (bench_day.py's page), counted by callgrind.
# Times on a shared machine move by 1.5-2x from minute to minute; this count moves by well
# under 1 %, so it tells two versions of the code apart. Needs valgrind (with its headers,
# Debian's `valgrind` package) and a C compiler. Slow: about a minute and a half a run.
#
#     sh bench/bench_day_instructions.sh [requests]      (default 20)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-"$here/../.venv/bin/python"}
requests=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -shared -fPIC -O1 -o "$work/marks.so" "$here/callgrind_marks.c"
valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no \
    --callgrind-out-file="$work/counts" \
    "$python" "$here/bench_day.py" --rounds 1 --callgrind "$work/marks.so" \
    --callgrind-requests "$requests" >"$work/output" 2>&1 || { cat "$work/output"; exit 1; }
total=$(awk '/^totals:/ {print $2}' "$work/counts".*)
awk -v total="$total" -v n="$requests" 'BEGIN {
    printf "GET /day (20 entries): %.2f million instructions a request (%d requests)\n",
        total / n / 1e6, n }'
