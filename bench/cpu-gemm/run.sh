#!/usr/bin/env bash
# CpuGemm against OpenBLAS cblas_sgemm on the models' GEMM shapes (shapes.txt). Builds the project
# and both benchmarks, runs each RUNS times in turn (ours, OpenBLAS, ours, ...), and prints one
# markdown table with the per-shape median over the runs.
#
# Usage: bench/cpu-gemm/run.sh [RUNS]     (default 5; THREADS=n sets both thread counts, default 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
threads=${THREADS:-2}
shapes=bench/cpu-gemm/shapes.txt
out=target/cpu-gemm-bench

if ! echo '#include <cblas.h>' | gcc -E -x c - >/dev/null 2>&1; then
    echo "run.sh: cblas.h not found; installing libopenblas-dev" >&2
    apt-get install -y libopenblas-dev >&2 || { echo "run.sh: apt-get install libopenblas-dev failed" >&2; exit 1; }
fi
mvn -q -B -DskipTests package >&2
mkdir -p "$out"
rm -f "$out"/ours.*.tsv "$out"/openblas.*.tsv
gcc -O2 -Wall -o "$out/openblas_sgemm" bench/cpu-gemm/openblas_sgemm.c -lopenblas
javac -d "$out" -cp target/classes bench/cpu-gemm/CpuGemmBench.java

for r in $(seq "$runs"); do
    echo "run $r/$runs" >&2
    LATENT_THREADS=$threads java ${GEMM_JAVA_OPTS---add-modules jdk.incubator.vector} -cp "target/classes:$out" CpuGemmBench "$shapes" > "$out/ours.$r.tsv"
    OPENBLAS_NUM_THREADS=$threads "$out/openblas_sgemm" "$shapes" > "$out/openblas.$r.tsv"
done

median() { # label, files...: the median GFLOP/s of that label over the files
    local label=$1; shift
    awk -v l="$label" '$1 == l { print $2 }' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "| shape | op(A) op(B) | M x N x K | ours GFLOP/s | OpenBLAS GFLOP/s | ours / OpenBLAS |"
echo "|---|---|---|---:|---:|---:|"
grep -v '^#' "$shapes" | while read -r label opA opB m n k; do
    [ -n "$label" ] || continue
    ours=$(median "$label" "$out"/ours.*.tsv)
    blas=$(median "$label" "$out"/openblas.*.tsv)
    awk -v l="$label" -v op="$opA $opB" -v s="$m x $n x $k" -v o="$ours" -v b="$blas" \
        'BEGIN { printf "| %s | %s | %s | %.1f | %.1f | %.2f |\n", l, op, s, o, b, o / b }'
done
echo
echo "Threads: LATENT_THREADS=$threads, OPENBLAS_NUM_THREADS=$threads; median of $runs runs per shape," \
     "each run the median of 11 timed samples after warm-up."
