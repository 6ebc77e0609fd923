#!/usr/bin/env bash
# Compiles each kernels/<family>.cu into <family>.fatbin (one CUDA module per op family):
# cubins for sm_80, sm_86, sm_89 and sm_90 plus sm_90 PTX for newer GPUs. Without nvcc the build
# goes on and the CUDA backend reports that its kernels are missing.
# Usage: kernels/build.sh OUTPUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: kernels/build.sh OUTPUT_DIR}
nvcc=${NVCC:-$(command -v nvcc || true)}
if [ -z "$nvcc" ]; then
  echo "[latent] nvcc not found: CUDA kernels not built; the GPU backend will be unavailable" >&2
  exit 0
fi
mkdir -p "$out"
archs="-gencode arch=compute_80,code=sm_80 -gencode arch=compute_86,code=sm_86 -gencode arch=compute_89,code=sm_89 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90"
stale=()
for cu in "$here"/*.cu; do
  [ -e "$cu" ] || continue
  fb="$out/$(basename "${cu%.cu}").fatbin"
  if [ ! -e "$fb" ] || [ "$cu" -nt "$fb" ] || [ -n "$(find "$here" -name '*.cuh' -newer "$fb")" ]; then stale+=("$cu"); fi
done
if [ ${#stale[@]} -gt 0 ]; then
  printf '%s\n' "${stale[@]}" | xargs -P "$(nproc)" -I{} sh -c \
    'f="{}"; "$0" -fatbin -O3 -std=c++17 -I"$1" $2 -o "$3/$(basename "${f%.cu}").fatbin" "$f"' "$nvcc" "$here" "$archs" "$out"
  echo "[latent] compiled ${#stale[@]} kernel file(s) into $out"
fi
