#!/usr/bin/env bash
# Two whole commands timed in turn (A B A B ...), N pairs, with GNU time: each run's wall, user and
# system seconds, then the median of each and the median of the pair-by-pair ratios A/B (pairs, so
# that a ratio holds while the machine's speed drifts). Output of the commands goes to OUT_DIR
# (default /tmp/latent-pairs), one file per run.
# usage: bench/e2e/pairs.sh N 'COMMAND A' 'COMMAND B'
set -euo pipefail
n=${1:?usage: pairs.sh N 'COMMAND A' 'COMMAND B'}; a=${2:?}; b=${3:?}
out=${OUT_DIR:-/tmp/latent-pairs}
mkdir -p "$out"
timefile=$(mktemp)
: > "$out/times.txt"
for i in $(seq "$n"); do
  for which in A B; do
    cmd=$a; [ $which = B ] && cmd=$b
    /usr/bin/time -f "%e %U %S" -o "$timefile" bash -c "$cmd" > "$out/$which-$i.log" 2>&1
    echo "$which $i $(cat "$timefile")" | tee -a "$out/times.txt"
  done
done
python3 - "$out/times.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
t = {w: [(float(r[2]), float(r[3]) + float(r[4])) for r in rows if r[0] == w] for w in "AB"}
for w in "AB":
    print(f"{w}: wall median {statistics.median(x[0] for x in t[w]):.2f} s, cpu median {statistics.median(x[1] for x in t[w]):.2f} s")
pairs = list(zip(t["A"], t["B"]))
print(f"A/B wall median {statistics.median(a[0] / b[0] for a, b in pairs):.3f}, "
      f"cpu median {statistics.median(a[1] / b[1] for a, b in pairs):.3f} ({len(pairs)} pairs)")
PY
rm -f "$timefile"
