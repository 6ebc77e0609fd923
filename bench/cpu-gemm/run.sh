#!/usr/bin/env bash
# CpuGemm against OpenBLAS cblas_sgemm on the models' GEMM shapes (shapes.txt). Builds the project
# and both benchmarks, runs them RUNS times in turn (each Java configuration, then OpenBLAS, then
# again), and prints one markdown table with the per-shape median GFLOP/s over the runs, each
# configuration's ratio to OpenBLAS, the median ratio and E1's 17 products per step in milliseconds.
#
# Usage: bench/cpu-gemm/run.sh [RUNS]     (default 5)
#   THREADS=n        both thread counts (default 2)
#   JAVAS="j1 j2"    Java executables to run ours on, one column each (default: java on the PATH),
#                    e.g. JAVAS="java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
#   VERSIONS="v2 v1" CpuGemmVector kernel versions (-Dlatent.cpu.gemm), one column each per Java
#                    (default: the JVM's choice, "auto")
#   OPENBLAS_CORETYPE  passed to the OpenBLAS command only when set; its stderr line
#                    "openblas_sgemm: core NAME" names the kernel it ran (logged in the table's notes)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
threads=${THREADS:-2}
javas=${JAVAS:-java}
versions=${VERSIONS:-auto}
shapes=${SHAPES:-bench/cpu-gemm/shapes.txt}
out=target/cpu-gemm-bench

if ! echo '#include <cblas.h>' | gcc -E -x c - >/dev/null 2>&1; then
    echo "run.sh: cblas.h not found; installing libopenblas-dev" >&2
    apt-get install -y libopenblas-dev >&2 || { echo "run.sh: apt-get install libopenblas-dev failed" >&2; exit 1; }
fi
mvn -q -B -DskipTests package >&2
mkdir -p "$out"
rm -f "$out"/ours.*.tsv "$out"/openblas.*.tsv "$out"/*.err
gcc -O2 -Wall -o "$out/openblas_sgemm" bench/cpu-gemm/openblas_sgemm.c -lopenblas
javac --release 17 -d "$out" -cp target/classes bench/cpu-gemm/CpuGemmBench.java

configs=()   # name|java|version
for j in $javas; do
    feature=$("$j" -XshowSettings:properties -version 2>&1 | awk -F= '/java.specification.version/ { gsub(/ /, "", $2); print $2 }')
    for v in $versions; do configs+=("jdk$feature-$v|$j|$v"); done
done

for r in $(seq "$runs"); do
    echo "run $r/$runs" >&2
    for cfg in "${configs[@]}"; do
        IFS='|' read -r name j v <<< "$cfg"
        opts=(--add-modules jdk.incubator.vector)
        [ "$v" = auto ] || opts+=("-Dlatent.cpu.gemm=$v")
        LATENT_THREADS=$threads "$j" "${opts[@]}" -cp "target/classes:$out" CpuGemmBench "$shapes" \
            > "$out/ours.$name.$r.tsv" 2>> "$out/ours.$name.err"
    done
    OPENBLAS_NUM_THREADS=$threads "$out/openblas_sgemm" "$shapes" > "$out/openblas.$r.tsv" 2>> "$out/openblas.err"
done

median() { # label, files...: the median GFLOP/s of that label over the files
    local label=$1; shift
    awk -v l="$label" '$1 == l { print $2 }' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

names=()
for cfg in "${configs[@]}"; do names+=("${cfg%%|*}"); done
header="| shape | op(A) op(B) | M x N x K |"; rule="|---|---|---|"
for n in "${names[@]}"; do header+=" $n GFLOP/s |"; rule+="---:|"; done
header+=" OpenBLAS GFLOP/s |"; rule+="---:|"
for n in "${names[@]}"; do header+=" $n / OpenBLAS |"; rule+="---:|"; done
echo "$header"; echo "$rule"
table=$out/table.tsv; : > "$table"
grep -v '^#' "$shapes" | while read -r label opA opB m n k; do
    [ -n "$label" ] || continue
    row="| $label | $opA $opB | $m x $n x $k |"; vals=""
    for name in "${names[@]}"; do
        g=$(median "$label" "$out"/ours."$name".*.tsv); vals+=" $g"; row+=" $(printf %.1f "$g") |"
    done
    blas=$(median "$label" "$out"/openblas.*.tsv); row+=" $(printf %.1f "$blas") |"
    for g in $vals; do row+=" $(awk -v o="$g" -v b="$blas" 'BEGIN { printf "%.2f", o / b }') |"; done
    echo "$row"
    echo "$label $m $n $k$vals $blas" >> "$table"
done
# Median ratio over all shapes and over E1's; E1's 17 products per step (the 500 x 500 layer's
# three products twice: encoder and decoder) in milliseconds at the median rates.
awk -v names="${names[*]}" '
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                   return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { c = split(names, nm, " "); fl = 2.0 * $2 * $3 * $4; blas = $(5 + c); w = ($1 ~ /^vae\.500x500\./) ? 2 : 1
      for (i = 1; i <= c; i++) { all[i, ++na[i]] = $(4 + i) / blas; if ($1 ~ /^vae\./) { e1[i, ++ne[i]] = $(4 + i) / blas; ms[i] += w * fl / $(4 + i) / 1e6 } }
      if ($1 ~ /^vae\./) msb += w * fl / blas / 1e6 }
    END { for (i = 1; i <= c; i++) { delete t; for (j = 1; j <= na[i]; j++) t[j] = all[i, j]; ma = med(t, na[i])
                                     delete t; for (j = 1; j <= ne[i]; j++) t[j] = e1[i, j]; me = med(t, ne[i])
                                     printf "\n%s: median ratio to OpenBLAS %.2f over all %d shapes, %.2f over E1'"'"'s %d; E1'"'"'s 17 products %.2f ms per step (OpenBLAS %.2f ms)", nm[i], ma, na[i], me, ne[i], ms[i], msb }
          print "" }' "$table"
echo
echo "Threads: LATENT_THREADS=$threads, OPENBLAS_NUM_THREADS=$threads; median of $runs runs per shape (configurations and OpenBLAS" \
     "alternating), each run the median of 11 timed samples after warm-up. OpenBLAS: $(sort -u "$out/openblas.err" | tr '\n' ' ')" \
     "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)}."
for name in "${names[@]}"; do echo "$name: $(grep -h 'CpuGemmBench:' "$out/ours.$name.err" | sort -u | tr '\n' ' ')"; done
