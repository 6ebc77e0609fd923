#!/usr/bin/env bash
# Runs the GPU parity suite (JUnit tests tagged "gpu") on a machine with an NVIDIA GPU, from a
# built tree: target/latent.jar and target/test-classes (mvn -B -DskipTests package test-compile)
# and the JUnit console launcher. Here: java from $JAVA (default: .jre/bin/java, a jlink runtime
# carried to the GPU machine, else java on PATH). Writes the report to ${OUT:-target}/gpu-tests.
set -uo pipefail
cd "$(dirname "$0")/../.."
java=${JAVA:-$( [ -x .jre/bin/java ] && echo .jre/bin/java || echo java )}
junit=${JUNIT_CONSOLE:-.gpu/junit.jar}
out=${OUT:-target}/gpu-tests
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
"$java" -jar "$junit" execute --class-path target/latent.jar:target/test-classes \
  --include-tag gpu --scan-class-path target/test-classes --details=tree --disable-banner --disable-ansi-colors \
  --reports-dir "$out" "$@" 2>&1 | tee "$out/gpu-tests.log"
exit "${PIPESTATUS[0]}"
