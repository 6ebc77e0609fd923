package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import org.latent.backend.Backend;
import org.latent.backend.ConvGeometry;
import org.latent.backend.StepCounter;
import org.latent.backend.StepPlan;
import org.latent.init.Initializer;
import org.latent.model.Gan;
import org.latent.model.GanNets;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.model.Vae;
import org.latent.optim.Adam;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * Step-level GPU benchmark for issue 18, timed with CUDA events (nsys is not on the GPU machine's
 * PATH): written without a GPU and never run yet.
 *
 * <ul>
 *   <li>{@code breakdown MODEL STEPS}: the GPU time of every backend op of a training step, summed
 *       per op and geometry over STEPS eager steps after warm-ups (an event pair around each op;
 *       an op of several launches includes the gaps the host leaves between them). Run it twice,
 *       with {@code -Dlatent.cudnn.algo=heuristic -Dlatent.conv.oneOutput=cudnn} (before) and with
 *       the defaults (after: measured cuDNN choice, our 7x7 one-output kernel), for E6's table.</li>
 *   <li>{@code steps MODEL STEPS}: milliseconds per step (wall clock over STEPS steps, synchronized
 *       at both ends) eagerly, through a StepPlan replaying calls (-Dlatent.graph=false's path) and
 *       through a StepPlan with CUDA graph capture, on one warm backend.</li>
 * </ul>
 * MODEL is e1 (VAE 784-500-500-20, batch 100) or e6 (DCGAN, 128 real + 128 generated). Synthetic
 * images; the numbers are times, not training results. Usage: bench/gpu-step/run.sh MODE MODEL STEPS.
 */
public final class StepBench {
    private static final int EXAMPLES = 2048, WARMUP = 5;

    private StepBench() {}

    private record Setup(ModelContext context, Model model, Runnable body, int batch) {}

    private static Setup setup(Backend b, String model) {
        Model m;
        int[] shape;
        int batch;
        if (model.equals("e1")) {
            m = Vae.e1(20);
            shape = new int[] {784};
            batch = 100;
        } else if (model.equals("e6")) {
            m = new Gan(GanNets.dcganGenerator(100, 28, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null),
                    GanNets.dcganDiscriminator(28, 0.4f, Initializer.GLOROT_UNIFORM, GanNets.Options.E6, null), 100);
            shape = new int[] {1, 28, 28};
            batch = 128;
        } else {
            throw new IllegalArgumentException("model " + model + ": e1 or e6");
        }
        int size = 1;
        for (int d : shape) size *= d;
        ModelContext c = ModelContext.build(m, b, shape, batch, 1, p -> model.equals("e6") ? new Adam(p, 2e-4f, 0.5f, 0.999f, 1e-7f)
                : new Adam(p, 1e-3f));
        float[] host = new float[EXAMPLES * size];
        RandomKey key = new RandomKey(7, 99, 0);
        for (int i = 0; i < host.length; i++) host[i] = Philox.uniform(key, i);
        Tensor data = b.upload(host, EXAMPLES, size);
        float[] order = new float[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) order[i] = i;
        Tensor indices = b.upload(order, EXAMPLES);
        Tensor in = b.allocate(batch, size);
        StepCounter batchIndex = c.stepState().counter("bench.batch", 0);
        int perEpoch = EXAMPLES / batch;
        Runnable body = () -> {
            b.gatherRows(data, indices, batchIndex.tensor(), batchIndex.offset() % perEpoch, batch, in);
            m.trainStep(in, in);
            batchIndex.take(1);
            c.endStep();
        };
        return new Setup(c, m, body, batch);
    }

    /** Event pairs around every op issued through the proxy, summed per op and geometry. */
    private static final class Timer implements java.lang.reflect.InvocationHandler {
        final CudaBackend gpu;
        final List<CUevent> pool = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        int used;
        final Map<String, double[]> totals = new LinkedHashMap<>();  // key -> {ms, calls}
        boolean on;

        Timer(CudaBackend gpu) {
            this.gpu = gpu;
        }

        CUevent event(int i) {
            while (pool.size() <= i) {
                CUevent e = new CUevent();
                CudaCheck.driver(cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
                pool.add(e);
            }
            return pool.get(i);
        }

        @Override
        public Object invoke(Object self, Method m, Object[] args) throws Throwable {
            if (m.getDeclaringClass() == Object.class) return m.invoke(gpu, args);
            String name = m.getName();
            boolean timed = on && m.getReturnType() == void.class && !name.equals("bookkeeping") && !name.equals("synchronize")
                    && !name.equals("write") && !name.equals("download");
            if (timed) CudaCheck.driver(cuEventRecord(event(2 * keys.size()), gpu.stream), "cuEventRecord");
            Object r;
            try {
                r = m.invoke(gpu, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (timed) {
                CudaCheck.driver(cuEventRecord(event(2 * keys.size() + 1), gpu.stream), "cuEventRecord");
                keys.add(key(name, args));
            }
            return r;
        }

        static String key(String name, Object[] args) {
            if (args != null) {
                for (Object a : args) if (a instanceof ConvGeometry g) return name + " " + g.n() + "x" + g.cIn() + "x" + g.h() + "x" + g.w()
                        + " -> " + g.cOut() + " k" + g.kh() + " s" + g.strideH();
                for (Object a : args) if (a instanceof Tensor t) return name + " " + java.util.Arrays.toString(t.shape());
            }
            return name;
        }

        /** Reads the events of the step just issued into the totals. */
        void collect() {
            if (keys.isEmpty()) return;
            CudaCheck.driver(cuEventSynchronize(event(2 * keys.size() - 1)), "cuEventSynchronize");
            float[] ms = new float[1];
            for (int i = 0; i < keys.size(); i++) {
                CudaCheck.driver(cuEventElapsedTime(ms, event(2 * i), event(2 * i + 1)), "cuEventElapsedTime");
                double[] t = totals.computeIfAbsent(keys.get(i), k -> new double[2]);
                t[0] += ms[0];
                t[1]++;
            }
            keys.clear();
        }
    }

    private static void breakdown(CudaBackend gpu, String model, int steps) {
        Timer timer = new Timer(gpu);
        Backend timed = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, timer);
        Setup s = setup(timed, model);
        for (int i = 0; i < WARMUP; i++) s.body.run();
        gpu.synchronize();
        timer.on = true;
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            s.body.run();
            timer.collect();
        }
        double wall = (System.nanoTime() - t0) / 1e6 / steps;
        double sum = timer.totals.values().stream().mapToDouble(t -> t[0]).sum() / steps;
        System.out.printf("%s breakdown over %d eager steps (cudnn.algo=%s, conv.oneOutput=%s): ops' GPU time %.3f ms/step,"
                + " wall %.3f ms/step with an event pair per op%n", model, steps, System.getProperty("latent.cudnn.algo", "measured"),
                System.getProperty("latent.conv.oneOutput", "own"), sum, wall);
        System.out.println("| op | calls/step | ms/step | share |");
        System.out.println("|---|---:|---:|---:|");
        timer.totals.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
                System.out.printf("| %s | %.0f | %.4f | %.1f %% |%n", e.getKey(), e.getValue()[1] / steps, e.getValue()[0] / steps,
                        100 * e.getValue()[0] / steps / sum));
        System.out.println("conv choices: " + gpu.conv.describeChoices());
    }

    private static double time(CudaBackend gpu, Runnable step, int steps) {
        for (int i = 0; i < WARMUP; i++) step.run();
        gpu.synchronize();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) step.run();
        gpu.synchronize();
        return (System.nanoTime() - t0) / 1e6 / steps;
    }

    private static void steps(CudaBackend gpu, String model, int steps) {
        Setup eager = setup(gpu, model);
        long l0 = gpu.kernels.launches;
        double e = time(gpu, eager.body, steps);
        long launchesPerStep = (gpu.kernels.launches - l0) / (steps + WARMUP);
        gpu.captureSteps(false);
        StepPlan replay = new StepPlan(gpu);
        Setup r = setup(replay.backend(), model);
        double rp = time(gpu, () -> replay.step(r.batch, r.body), steps);
        gpu.captureSteps(true);
        StepPlan graph = new StepPlan(gpu);
        Setup g = setup(graph.backend(), model);
        double gr = time(gpu, () -> graph.step(g.batch, g.body), steps);
        System.out.printf("%s, %d steps after %d warm-ups: eager %.3f ms/step (%d kernel launches/step), plan replay %.3f ms/step,"
                + " CUDA graph %.3f ms/step (captured: %b; %d calls in the plan); graph speed-up over eager %.2fx%n", model, steps, WARMUP,
                e, launchesPerStep, rp, gr, graph.captured(g.batch), graph.calls(g.batch), e / gr);
        graph.clear();
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "steps", model = args.length > 1 ? args[1] : "e6";
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        CudaBackend gpu = CudaBackend.open(0);
        System.out.println("device: " + gpu.deviceName());
        switch (mode) {
            case "breakdown" -> breakdown(gpu, model, steps);
            case "steps" -> steps(gpu, model, steps);
            default -> throw new IllegalArgumentException("mode " + mode + ": breakdown or steps");
        }
        gpu.close();
    }
}
