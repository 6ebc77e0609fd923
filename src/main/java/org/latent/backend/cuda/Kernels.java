package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

/**
 * Launches kernels on the backend's stream. Arguments map to kernel parameters by type: Integer
 * to int, Long to long long, Float to float, Double to double, Boolean to int, a CudaTensor or
 * CUdeviceptr to a pointer, null to a null pointer, a byte[] to a struct passed by value. With
 * LATENT_CUDA_SYNC=1 every launch is followed by a synchronization, so a failing kernel is named
 * at once instead of at the next copy (not inside a graph capture, where a synchronization is an
 * error: there the failure shows at the graph's launch).
 *
 * <p><b>Parameter holders are reused</b>, not allocated per launch: each kernel has one
 * {@link Holder} (made at its first launch) with a {@code long[1]} per scalar parameter, the
 * pointer table that cuLaunchKernel's {@code kernelParams} is, and the JCuda {@link Pointer} over
 * that table; a launch writes the values into the slots and points the table's entries at them (a
 * tensor's entry is its own {@link CudaTensor#param()}, made once per tensor). That is safe because
 * the driver reads the parameters during the call: NVIDIA's documentation of cuLaunchKernel says
 * "Each of kernelParams[0] through kernelParams[N-1] must point to a region of memory from which
 * the actual kernel parameter will be copied", i.e. they are copied when the launch is issued, not
 * when the kernel runs (CUDA Driver API, Execution Control, cuLaunchKernel); and a launch captured
 * into a graph copies them into the kernel node, which owns its copy of the argument values
 * ("The kernelParams or extra array returned in pNodeParams, as well as the argument values it
 * points to, are owned by the node", cudaGraphKernelNodeGetParams). A scalar is written as the low
 * bytes of its long slot, which is the parameter's value on the little-endian hosts CUDA runs on
 * (x86-64, aarch64). What a launch still allocates: the boxed arguments of the varargs call and,
 * for the one struct parameter (advance_step_state's), its Pointer. Not thread-safe: one thread
 * issues a backend's work (CudaBackend refuses others while it captures).
 *
 * <p>Never run on a GPU in this form (written without one; the previous allocating version ran).
 */
final class Kernels {
    static final int BLOCK = 256;
    private static final boolean SYNC = "1".equals(System.getenv("LATENT_CUDA_SYNC"));
    private static final CUdeviceptr NULL = new CUdeviceptr();
    private static final Pointer NULL_PARAM = Pointer.to(NULL);
    private final CudaModules modules;
    private final CUstream stream;
    /** Set by the backend while it captures a graph. */
    boolean capturing;
    /** Launch entries by family, then kernel name (no string is built per launch). */
    private final Map<String, Map<String, Holder>> holders = new HashMap<>();
    /** Kernel launches issued (eager or captured), for benchmarks. */
    long launches;

    Kernels(CudaModules modules, CUstream stream) {
        this.modules = modules;
        this.stream = stream;
    }

    /** One kernel's function and reusable parameter table. */
    private static final class Holder {
        final CUfunction function;
        final int count;
        final long[][] values;
        final Pointer[] valueParams;
        /** kernelParams: its entries are set per launch; JCuda reads the array when the call is made. */
        final Pointer[] table;
        final Pointer params;

        Holder(CUfunction function, int count) {
            this.function = function;
            this.count = count;
            values = new long[count][1];
            valueParams = new Pointer[count];
            for (int i = 0; i < count; i++) valueParams[i] = Pointer.to(values[i]);
            table = new Pointer[count];
            params = Pointer.to(table);
        }
    }

    /** Whether LATENT_CUDA_SYNC=1 asked for a synchronization after every launch. */
    static boolean syncEveryLaunch() {
        return SYNC;
    }

    /** Enough blocks of BLOCK threads for n elements, for grid-stride kernels (capped at 65535 * 8). */
    static int blocks(long n) {
        return (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, 65535L * 8));
    }

    /** A 1-D launch over n elements. */
    void launch(String family, String name, long n, Object... args) {
        launchGrid(family, name, blocks(n), 1, 1, BLOCK, 1, 1, 0, args);
    }

    void launchGrid(String family, String name, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, Object... args) {
        Holder h = holder(family, name, args.length);
        for (int i = 0; i < args.length; i++) h.table[i] = param(h, args[i], name, i);
        int status = cuLaunchKernel(h.function, gx, gy, gz, bx, by, bz, sharedBytes, stream, h.params, null);
        launches++;
        if (status != 0) {
            CudaCheck.driver(status, "cuLaunchKernel", family + "." + name, "grid " + gx + "x" + gy + "x" + gz,
                    "block " + bx + "x" + by + "x" + bz);
        }
        if (SYNC && !capturing) CudaCheck.driver(cuStreamSynchronize(stream), "kernel " + family + "." + name);
    }

    private Holder holder(String family, String name, int count) {
        Map<String, Holder> byName = holders.get(family);
        if (byName == null) holders.put(family, byName = new HashMap<>());
        Holder h = byName.get(name);
        if (h == null || h.count != count) {
            // A kernel is always launched with the same number of arguments; a different count makes a new table.
            h = new Holder(h != null ? h.function : modules.function(family, name), count);
            byName.put(name, h);
        }
        return h;
    }

    private static Pointer param(Holder h, Object a, String kernel, int i) {
        if (a == null) return NULL_PARAM;
        if (a instanceof CudaTensor t) return t.param();
        if (a instanceof Integer v) return slot(h, i, v & 0xffffffffL);
        if (a instanceof Float v) return slot(h, i, Float.floatToRawIntBits(v) & 0xffffffffL);
        if (a instanceof Long v) return slot(h, i, v);
        if (a instanceof Double v) return slot(h, i, Double.doubleToRawLongBits(v));
        if (a instanceof Boolean v) return slot(h, i, v ? 1 : 0);
        if (a instanceof CUdeviceptr p) return Pointer.to(p);  // scratch buffers: one small Pointer per launch
        if (a instanceof byte[] v) return Pointer.to(v);  // a struct passed by value (its bytes, little-endian)
        throw new IllegalArgumentException("kernel " + kernel + " argument " + i + " has unsupported type " + a.getClass());
    }

    private static Pointer slot(Holder h, int i, long bits) {
        h.values[i][0] = bits;
        return h.valueParams[i];
    }
}
