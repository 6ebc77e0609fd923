#!/usr/bin/env bash
# E1 end to end, this build against a baseline jar, alternating: ROUNDS x (baseline, this build),
# each `VaeEpochs DATA cpu EPOCHS` in its own JVM with -Xlog:gc to a file; prints each run's epoch
# lines and its GC count (young + full pauses over the whole run), then the median and the minimum
# epoch time per side (on a shared machine, others' load only adds time: the minimum is the steadier).
#
# Usage: bench/cpu-gemm/e1-ab.sh BASE_JAR DATA [EPOCHS] [ROUNDS]   (defaults 2 and 3; JAVA=... as in
#        bench/e2e/run.sh; LATENT_THREADS as usual). Build first: mvn -q -B -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=$1 data=$2 epochs=${3:-2} rounds=${4:-3}
java=${JAVA:-java}
out=target/e1-ab
mkdir -p "$out"
bash bench/e2e/run.sh compile
for r in $(seq "$rounds"); do
    for side in base this; do
        jar=$([ $side = base ] && echo "$base" || echo target/latent.jar)
        log=$out/$side.$r
        "$java" --add-modules jdk.incubator.vector -Xmx16g -Xlog:gc:file="$log.gc" -cp "$jar:target/e2e-classes" \
            VaeEpochs "$data" cpu "$epochs" > "$log.out" 2> "$log.err"
        gcs=$(grep -c 'Pause' "$log.gc" || true)
        echo "$side round $r: $(grep -E '^[0-9]+,' "$log.out" | tr '\n' ' ') | $(grep final "$log.out") | GCs $gcs"
    done
done
for side in base this; do
    for e in $(seq "$epochs"); do
        stats=$(cat "$out"/$side.*.out | awk -F, -v e="$e" '$1 == e { print $3 }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1] }')
        echo "$side epoch $e seconds: median ${stats% *}, min ${stats#* }"
    done
done
