#!/usr/bin/env bash
# The published experiments that need a GPU to finish in minutes, through the CLI exactly as a user
# runs them: E1 at every latent size, E3, E4, E5, E2 and the E8 MNIST runs. Needs target/latent.jar,
# a Java runtime with java.desktop and java.net.http (JAVA, or .gpu/jre.tar.xz: a packed jlink image
# unpacked to /tmp), and MNIST + Frey in $DATA (default .gpu/data). Runs go to runs/; the summaries
# and the log to $OUT (default target/gpu-experiments). CONFIGS overrides the list of configs.
set -u
cd "$(dirname "$0")/../.."
out=${OUT:-target/gpu-experiments}
data=${DATA:-.gpu/data}
mkdir -p "$out"
if [ -z "${JAVA:-}" ]; then
  mkdir -p /tmp/latent-jre && tar xJf .gpu/jre.tar.xz -C /tmp/latent-jre && JAVA=/tmp/latent-jre/.jre-cli/bin/java
fi
rm -rf runs
configs=${CONFIGS:-"e1-vae-mnist-j2 e1-vae-mnist-j5 e1-vae-mnist-j10 e1-vae-mnist e1-vae-mnist-j50 e3-softmax-pixels
e3-softmax-vae-latents e4-mlp-mnist e5-cnn-mnist e2-vae-frey-j2 e2-vae-frey-j20 e8-linear-ae-mnist e8-sparse-ae-mnist
e8-ae-kmeans-mnist e8-vae-gaussian-mnist"}
for c in $configs; do
  echo "== $c" | tee -a "$out/log.txt"
  start=$(date +%s)
  "$JAVA" -Dlatent.command=latent -jar target/latent.jar train "examples/$c.json" --device cuda --data "$data" \
      2>&1 | grep -vE '^epoch .*\] 100%' >> "$out/log.txt"
  echo "exit ${PIPESTATUS[0]}, $(( $(date +%s) - start )) s wall" | tee -a "$out/log.txt"
  { echo "== $c"; cat "runs/$c/summary.json" 2>/dev/null; echo; } >> "$out/summaries.txt"
  cp "runs/$c/metrics.csv" "$out/metrics-$c.csv" 2>/dev/null
done
cd "$out" && tar czf metrics.tar.gz metrics-*.csv && rm -f metrics-*.csv
