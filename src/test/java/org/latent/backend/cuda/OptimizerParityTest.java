package org.latent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.backend.cuda.GpuTests.CPU;
import static org.latent.backend.cuda.GpuTests.gpu;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/**
 * Optimizer steps on the GPU against the CPU, demanding bit-identical parameters and state. That
 * is provable, not hoped for: the kernels perform the CPU's float operations in the CPU's order
 * with __fmul_rn / __fadd_rn / __fsub_rn / __fdiv_rn / __fsqrt_rn (each IEEE round-to-nearest,
 * never fused into an FMA, subnormals kept), Java's float arithmetic is IEEE with the same
 * rounding, the CPU's (float) Math.sqrt(float) is the correctly rounded float square root (double
 * has more than 2 * 24 + 2 bits, so rounding twice is harmless), and the scalars derived from the
 * hyper-parameters (1 - beta, Adam's lr / bc1 and sqrt(bc2)) are computed on the host by the same
 * Java expressions. The flush of state below Float.MIN_NORMAL is the same comparison on both.
 */
@Tag("gpu")
class OptimizerParityTest {
    private static final int N = 100_003;
    /** Parameters and state are views this far into buffers with as much slack after them. */
    private static final int PAD = 5;
    private static final int STEPS = 5;

    private interface Update {
        void run(Backend b, Tensor p, Tensor g, Tensor[] state, long step);
    }

    /** A buffer of N + 2 PAD floats on each backend, same contents, and the N-element views inside. */
    private static final class Twin {
        final Tensor cpuFull, gpuFull, cpu, gpu;

        Twin(float[] init) {
            cpuFull = CPU.upload(init, init.length);
            gpuFull = gpu().upload(init, init.length);
            cpu = cpuFull.view(PAD, N);
            gpu = gpuFull.view(PAD, N);
        }

        void write(float[] values) {
            CPU.copy(CPU.upload(values, N), cpu);
            gpu().write(values, gpu);
        }

        void assertSame(String what) {
            assertArrayEquals(cpuFull.toArray(), gpuFull.toArray(), what);
        }
    }

    /** Gradients in [-1, 1) with zeros, tiny values whose square is subnormal, subnormals and large values mixed in. */
    private static float[] gradients(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] g = new float[N];
        float[] special = {0f, -0f, 1e-20f, -3e-21f, 1e-39f, -2e-42f, 1e3f, -7e4f};
        for (int i = 0; i < N; i++) g[i] = i % 97 < special.length ? special[i % 97] : (float) r.nextDouble(-1, 1);
        return g;
    }

    private static float[] padded(long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[N + 2 * PAD];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(lo, hi);
        return a;
    }

    /** STEPS updates from random parameters and zero state, fresh gradients each step, compared after every step. */
    private static void runSteps(String name, int stateCount, long firstStep, Update update) {
        Twin p = new Twin(padded(1, -1, 1)), g = new Twin(padded(2, -1, 1));
        Twin[] state = new Twin[stateCount];
        for (int k = 0; k < stateCount; k++) state[k] = new Twin(new float[N + 2 * PAD]);
        Tensor[] cpuState = new Tensor[stateCount], gpuState = new Tensor[stateCount];
        for (int k = 0; k < stateCount; k++) {
            cpuState[k] = state[k].cpu;
            gpuState[k] = state[k].gpu;
        }
        for (long step = firstStep; step < firstStep + STEPS; step++) {
            g.write(gradients(100 + step));
            update.run(CPU, p.cpu, g.cpu, cpuState, step);
            update.run(gpu(), p.gpu, g.gpu, gpuState, step);
            p.assertSame(name + ": parameters after step " + step);
            for (int k = 0; k < stateCount; k++) state[k].assertSame(name + ": state " + k + " after step " + step);
        }
    }

    @Test
    void sgdIsBitIdentical() {
        runSteps("plain sgd", 1, 1, (b, p, g, s, t) -> b.sgdStep(p, g, s[0], 0.05f, 0f, false));
        runSteps("sgd momentum", 1, 1, (b, p, g, s, t) -> b.sgdStep(p, g, s[0], 0.01f, 0.9f, false));
        runSteps("sgd nesterov", 1, 1, (b, p, g, s, t) -> b.sgdStep(p, g, s[0], 0.01f, 0.9f, true));
    }

    @Test
    void adamIsBitIdentical() {
        runSteps("adam", 2, 1, (b, p, g, s, t) -> b.adamStep(p, g, s[0], s[1], 1e-3f, 0.9f, 0.999f, 1e-8f, t));
        runSteps("adam dcgan", 2, 1, (b, p, g, s, t) -> b.adamStep(p, g, s[0], s[1], 2e-4f, 0.5f, 0.999f, 1e-7f, t));
        runSteps("adam late steps", 2, 1000, (b, p, g, s, t) -> b.adamStep(p, g, s[0], s[1], 1e-3f, 0.9f, 0.999f, 1e-8f, t));
    }

    @Test
    void rmspropIsBitIdentical() {
        runSteps("rmsprop", 1, 1, (b, p, g, s, t) -> b.rmspropStep(p, g, s[0], 1e-3f, 0.9f, 1e-8f));
        runSteps("rmsprop rho 0.99", 1, 1, (b, p, g, s, t) -> b.rmspropStep(p, g, s[0], 5e-5f, 0.99f, 1e-6f));
    }

    private static final float MIN = Float.MIN_NORMAL, BELOW_MIN = Math.nextDown(Float.MIN_NORMAL);

    /** One step on both backends from the given host arrays; returns {p, state...} from the GPU after checking the CPU agrees. */
    private static float[][] oneStep(String name, float[] p, float[] g, float[][] state, Update update) {
        int n = p.length;
        Tensor cp = CPU.upload(p, n), gp = gpu().upload(p, n), cg = CPU.upload(g, n), gg = gpu().upload(g, n);
        Tensor[] cs = new Tensor[state.length], gs = new Tensor[state.length];
        for (int k = 0; k < state.length; k++) {
            cs[k] = CPU.upload(state[k], n);
            gs[k] = gpu().upload(state[k], n);
        }
        update.run(CPU, cp, cg, cs, 1);
        update.run(gpu(), gp, gg, gs, 1);
        float[][] out = new float[1 + state.length][];
        out[0] = gp.toArray();
        assertArrayEquals(cp.toArray(), out[0], name + ": parameters");
        for (int k = 0; k < state.length; k++) {
            out[1 + k] = gs[k].toArray();
            assertArrayEquals(cs[k].toArray(), out[1 + k], name + ": state " + k);
        }
        return out;
    }

    @Test
    void stateBelowTheSmallestNormalIsFlushedToPositiveZero() {
        // velocity * 0.5 lands exactly on MIN (kept), just below it, its negative, on a subnormal; g = 0.
        float[][] sgd = oneStep("sgd flush", new float[] {1f, 1f, 1f, 1f, 1f, 1e-39f}, new float[6],
                new float[][] {{2 * MIN, 2 * BELOW_MIN, -2 * BELOW_MIN, 3e-39f, 1f, 0f}},
                (b, p, g, s, t) -> b.sgdStep(p, g, s[0], 0.1f, 0.5f, false));
        assertArrayEquals(new float[] {MIN, 0f, 0f, 0f, 0.5f, 0f}, sgd[1], "sgd velocity flushed to +0 below MIN only");
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 1.5f, 1e-39f}, sgd[0], "sgd parameters (a subnormal one kept)");

        // m: 0.9 * 1.2e-38 and 0.1 * 1e-39 are subnormal, 0.9 * 1.4e-38 is not; v: 0.999 * MIN and 0.001 * (1e-20)^2 are subnormal.
        float[] g = {0f, 1e-39f, 0f, 1e-20f, 0.5f};
        float[][] adam = oneStep("adam flush", new float[] {1f, 1f, 1f, 1f, 1f}, g,
                new float[][] {{1.2e-38f, 0f, 1.4e-38f, 0f, 0f}, {MIN, 0f, 1f, 0f, 0f}},
                (b, p, gr, s, t) -> b.adamStep(p, gr, s[0], s[1], 1e-3f, 0.9f, 0.999f, 1e-8f, t));
        assertEquals(0, Float.floatToRawIntBits(adam[1][0]), "adam m 0.9 * 1.2e-38 flushed");
        assertEquals(0, Float.floatToRawIntBits(adam[1][1]), "adam m 0.1 * 1e-39 flushed");
        assertEquals(0.9f * 1.4e-38f, adam[1][2], "adam m 0.9 * 1.4e-38 kept");
        assertEquals(0, Float.floatToRawIntBits(adam[2][0]), "adam v 0.999 * MIN flushed");
        assertEquals(0, Float.floatToRawIntBits(adam[2][3]), "adam v 0.001 * 1e-40 flushed");

        float[][] rms = oneStep("rmsprop flush", new float[] {1f, 1f, 1f}, new float[] {0f, 1e-20f, 0.5f},
                new float[][] {{1.2e-38f, 0f, 0f}},
                (b, p, gr, s, t) -> b.rmspropStep(p, gr, s[0], 1e-3f, 0.9f, 1e-8f));
        assertEquals(0, Float.floatToRawIntBits(rms[1][0]), "rmsprop 0.9 * 1.2e-38 flushed");
        assertEquals(0, Float.floatToRawIntBits(rms[1][1]), "rmsprop 0.1 * 1e-40 flushed");
    }

    @Test
    void sharedArgumentChecksThrow() {
        Tensor p = gpu().allocate(10), g = gpu().allocate(10), wrong = gpu().allocate(9);
        assertThrows(IllegalArgumentException.class, () -> gpu().sgdStep(p, g, wrong, 0.1f, 0.9f, false));
        assertThrows(IllegalArgumentException.class, () -> gpu().adamStep(p, g, g, g, 1e-3f, 0.9f, 0.999f, 1e-8f, 0));
    }
}
