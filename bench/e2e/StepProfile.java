import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.backend.Backend;
import org.latent.backend.Backends;
import org.latent.backend.ConvGeometry;
import org.latent.config.ConfigFiles;
import org.latent.config.RunConfig;
import org.latent.model.ModelContext;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.rundata.Examples;
import org.latent.rundata.RunData;
import org.latent.tensor.Tensor;

/**
 * Where a training step's time goes, op by op: the config's model on the CPU backend wrapped in a
 * timing proxy (every Backend call timed alone with System.nanoTime; the CPU backend's ops are
 * synchronous), some warm-up steps, then timed steps on batches gathered from a fixed permutation.
 * Prints microseconds per step for each op (name and the calling shapes' first tensor) and its share.
 * The proxy adds a few hundred nanoseconds per call; compare with the untimed step it also prints.
 * Matrix products and convolutions also count their floating-point operations (2 per multiply-add),
 * so that the last lines give the step's GFLOP and the rate of those ops: the work any engine must
 * do for this model, against which another engine's step time can be read as a rate too.
 * Usage: StepProfile DATA_DIR CONFIG.json [WARMUP_STEPS [TIMED_STEPS]]; give small steps (E1, E4)
 * hundreds of warm-up steps, as an epoch of `latent train` gets before the epochs that are timed.
 */
public final class StepProfile {
    private static final class Op {
        long nanos, calls;
        double flops;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        RunConfig c = ConfigFiles.read(Path.of(args[1]));
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30, timed = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        RunData d = org.latent.rundata.ClassifierData.forModel(c, RunData.load(c.data(), c.seed(), data), data);
        Backend cpu = Backends.open("cpu").backend();
        Map<String, Op> ops = new LinkedHashMap<>();
        boolean[] on = {false};
        Backend timing = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, a) -> {
                    long t0 = System.nanoTime();
                    Object r;
                    try {
                        r = m.invoke(cpu, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (on[0]) {
                        String key = m.getName() + shape(a);
                        Op op = ops.computeIfAbsent(key, k -> new Op());
                        op.nanos += System.nanoTime() - t0;
                        op.calls++;
                        op.flops += flops(m.getName(), a);
                    }
                    return r;
                });
        int batch = Math.min(c.training().batch(), d.train().count());
        Examples train = d.train();
        for (int pass = 0; pass < 2; pass++) {
            Backend b = pass == 0 ? cpu : timing;
            ModelContext model = ModelContext.build(c.model().model(d.exampleShape()), b, d.exampleShape(), batch, c.seed(),
                    c.optimizer()::create);
            Tensor input = b.upload(train.input(), train.count(), train.size());
            Tensor target = train.separateTargets() ? b.upload(train.target(), train.count(), train.targetSize()) : null;
            int[] perm = Philox.permutation(train.count(), new RandomKey(c.seed(), 99, 0));
            float[] f = new float[perm.length];
            for (int i = 0; i < f.length; i++) f[i] = perm[i];
            Tensor order = b.upload(f, f.length);
            Tensor in = b.allocate(batch, train.size());
            Tensor tgt = target != null ? b.allocate(batch, train.targetSize()) : in;
            int per = train.count() / batch;
            long t0 = 0;
            for (int s = 0; s < warmup + timed; s++) {
                if (s == warmup) {
                    on[0] = pass == 1;
                    t0 = System.nanoTime();
                }
                int off = (s % per) * batch;
                b.gatherRows(input, order, off, in);
                if (target != null) b.gatherRows(target, order, off, tgt);
                model.model().trainStep(in, tgt);
            }
            double loss = model.model().takeMeanLoss();
            double stepMs = (System.nanoTime() - t0) / 1e6 / timed;
            on[0] = false;
            System.out.printf("%s step: %.3f ms (%s), mean loss %.5f%n", pass == 0 ? "untimed" : "timed  ", stepMs,
                    c.name(), loss);
        }
        long total = ops.values().stream().mapToLong(o -> o.nanos).sum();
        List<Map.Entry<String, Op>> rows = new ArrayList<>(ops.entrySet());
        rows.sort((x, y) -> Long.compare(y.getValue().nanos, x.getValue().nanos));
        System.out.printf("%-70s %8s %10s %6s%n", "op [first tensor shape]", "calls", "us/step", "share");
        for (Map.Entry<String, Op> e : rows) {
            Op o = e.getValue();
            System.out.printf("%-70s %8.1f %10.1f %5.1f%%%n", e.getKey(), (double) o.calls / timed, o.nanos / 1e3 / timed,
                    100.0 * o.nanos / total);
        }
        System.out.printf("%-70s %8s %10.1f%n", "all ops", "", total / 1e3 / timed);
        double flops = ops.values().stream().mapToDouble(o -> o.flops).sum() / timed;
        long matrixNanos = ops.values().stream().filter(o -> o.flops > 0).mapToLong(o -> o.nanos).sum() / timed;
        System.out.printf("matrix products and convolutions: %.3f GFLOP per step, %.1f ms per step (%.1f %% of all ops),"
                + " %.1f GFLOP/s%n", flops / 1e9, matrixNanos / 1e6, 100.0 * matrixNanos * timed / total, flops / matrixNanos);
    }

    /** 2 per multiply-add of a gemm or convolution call; 0 for every other op. */
    private static double flops(String op, Object[] a) {
        if (op.equals("gemm")) {
            boolean transA = (Boolean) a[0];
            Tensor x = (Tensor) a[3], c = (Tensor) a[6];
            int k = transA ? x.shape()[0] : x.shape()[x.shape().length - 1];
            return 2.0 * c.size() * k;
        }
        if (op.startsWith("conv2d")) return ((ConvGeometry) a[3]).flops();
        return 0;
    }

    private static String shape(Object[] a) {
        if (a == null) return "";
        StringBuilder sb = new StringBuilder();
        for (Object o : a) {
            if (o instanceof Tensor t) {
                sb.append(java.util.Arrays.toString(t.shape()));
                if (sb.length() > 40) break;
            }
        }
        return sb.length() == 0 ? "" : " " + sb;
    }
}
