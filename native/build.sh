#!/usr/bin/env bash
# Builds the forwarding libraries that let JCuda's natives (linked against libcublas.so.12 and
# libcudnn.so.8) run on the installed cuBLAS/cuDNN (see docs/gpu.md). Needs only gcc: the
# forwarders dlopen the vendor libraries at run time, nothing vendor is linked or committed.
# Usage: native/build.sh OUTPUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: native/build.sh OUTPUT_DIR}
mkdir -p "$out"
if ! command -v gcc >/dev/null; then
  echo "[latent] gcc not found: cuBLAS/cuDNN forwarders not built; the CUDA backend will use its own GEMM and conv kernels" >&2
  exit 0
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# name soname version-node stub-status targets...
build() {
  local name=$1 soname=$2 status=$3; shift 3
  local targets=""; for t in "$@"; do targets+="\"$t\","; done
  awk '{ printf "FORWARD(%d, %s)\n", NR - 1, $1 }' "$here/$name.symbols" > "$work/$name.h"
  printf '%s {\n  global: *;\n};\n' "$soname" > "$work/$name.map"
  gcc -O2 -shared -fPIC -o "$out/liblatent-$name.so" \
      -DSYMBOLS="\"$work/$name.h\"" -DTARGETS="${targets%,}" -DSTUB_STATUS="$status" \
      -Wl,-soname,"$soname" -Wl,--version-script="$work/$name.map" "$here/forwarder.c" -ldl
}
# cublasStatus_t CUBLAS_STATUS_NOT_SUPPORTED = 15; cudnnStatus_t (v8) CUDNN_STATUS_NOT_SUPPORTED = 9
build cublas12 libcublas.so.12 15 libcublas.so.13 libcublas.so
build cudnn8 libcudnn.so.8 9 libcudnn.so.9 libcudnn.so
echo "[latent] built cuBLAS/cuDNN forwarders in $out"
