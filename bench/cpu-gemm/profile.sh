#!/usr/bin/env bash
# Where one GEMM shape's time goes: runs GemmLoop on it for SECONDS under Java Flight Recorder and
# prints the methods on top of the most execution samples (JFR needs no hardware counters, so it
# works on a VM).
#
# Usage: bench/cpu-gemm/profile.sh opA opB M N K [SECONDS]   e.g. N N 64 2058 576
#        (LATENT_THREADS as usual; TOP=n lines, default 10; the build must exist: mvn package)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/cpu-gemm-bench
mkdir -p "$out"
javac -d "$out" -cp target/classes bench/cpu-gemm/GemmLoop.java
java -XX:StartFlightRecording=filename="$out/profile.jfr",settings=profile ${GEMM_JAVA_OPTS---add-modules jdk.incubator.vector} \
    -cp "target/classes:$out" GemmLoop "$1" "$2" "$3" "$4" "$5" "${6:-8}" 2>/dev/null | grep GFLOP
jfr print --events jdk.ExecutionSample "$out/profile.jfr" |
    awk '/stackTrace = \[/ { getline; sub(/^ +/, ""); sub(/\(.*/, ""); print }' |
    sort | uniq -c | sort -rn | head -"${TOP:-10}"
