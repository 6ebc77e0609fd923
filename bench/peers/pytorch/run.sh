#!/usr/bin/env bash
# E1 only: Latent against PyTorch eager, torch.compile and the whole step in a CUDA graph.
# Now a shortcut for `MODELS=e1 MODES="eager compile cudagraph" bench/peers/run-all.sh DATA [EPOCHS]`
# (the 2026-11-23 E1 numbers in bench/NOTES.md came from this script's first version, in git history
# before the four-model driver, which timed Latent through bench/e2e VaeEpochs instead of the CLI).
cd "$(dirname "$0")/../../.."
MODELS=${MODELS:-e1} MODES=${MODES:-"eager compile cudagraph"} exec bash bench/peers/run-all.sh "$@"
