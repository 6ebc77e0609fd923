// E7: Powell vs Adam on the font autoencoders, with evaluation counts and wall times.
// Run (single-threaded): LATENT_THREADS=1 java -cp target/latent.jar bench/analysis/E7PowellProbe.java \
//   CONFIG.json MODE [key=value ...]
// MODE powell: maxeval=N rel=R abs=A (Powell over the config's net minimizing summed squared error,
//   logs loss at each Powell iteration and at evaluation counts 1e3, 3e3, 1e4, ...)
// MODE adam: steps=N lr=L loss=squared_error|cross_entropy (full-batch Adam, logs accumulated error)
// Common: enc=20 lat=10 dec=20 (sizes, "-" for none), seed=S, start=adam:STEPS (Powell from an Adam point)
import java.nio.file.Path;
import java.util.*;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.*;
import org.apache.commons.math3.optim.nonlinear.scalar.*;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.PowellOptimizer;
import org.latent.backend.Backend;
import org.latent.backend.Backends;
import org.latent.config.*;
import org.latent.model.Model;
import org.latent.model.ModelContext;
import org.latent.model.Reconstructs;
import org.latent.tensor.Tensor;
import org.latent.rundata.Examples;
import org.latent.rundata.RunData;

public class E7PowellProbe {
    static Map<String, String> kv = new HashMap<>();
    static String get(String k, String d) { return kv.getOrDefault(k, d); }
    static int[] sizes(String s) {
        if (s.equals("-")) return new int[0];
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** 1, 3, 10, 30, 100, ... */
    static long nextLog(long v) {
        long p = 1;
        while (p * 10 <= v) p *= 10;
        return v == p ? 3 * p : 10 * p;
    }

    public static void main(String[] a) {
        RunConfig c = ConfigFiles.read(Path.of(a[0]));
        String mode = a[1];
        for (int i = 2; i < a.length; i++) { String[] p = a[i].split("=", 2); kv.put(p[0], p[1]); }
        AutoencoderConfig m = (AutoencoderConfig) c.model();
        if (kv.containsKey("enc")) m = m.withEncoder(sizes(get("enc", "-")));
        if (kv.containsKey("dec")) m = m.withDecoder(sizes(get("dec", "-")));
        if (kv.containsKey("lat")) m = new AutoencoderConfig(m.architecture(), m.encoder(), Integer.parseInt(get("lat", "10")), m.decoder(),
                m.encoderActivation(), m.latentActivation(), m.decoderActivation(), m.outputActivation(), m.loss(), m.init(), m.sparsity(), m.kmeans());
        long seed = Long.parseLong(get("seed", Long.toString(c.seed())));
        String lossName = get("loss", "squared_error");
        m = m.withLoss(lossName);
        RunData data = RunData.load(c.data(), seed, null);
        Backend backend = Backends.open("cpu").backend();
        Examples tr = data.train();
        int n = tr.count();
        ModelContext built = ModelContext.build(m.model(new int[] {tr.size()}), backend, new int[] {tr.size()}, n, seed,
                OptimizerConfig.adam(Double.parseDouble(get("lr", "0.003")))::create);
        Model model = built.model();
        Reconstructs reconstructs = (Reconstructs) model;
        Tensor in = backend.upload(tr.input(), n, tr.size());
        Tensor tg = backend.upload(tr.target(), n, tr.targetSize());
        int P = built.parameterSets().get(0).values().size();
        System.out.printf("net enc=%s lat=%d dec=%s loss=%s params=%d examples=%d seed=%d threads=%s%n", m.encoder(), m.latent(), m.decoder(),
                lossName, P, n, seed, System.getenv("LATENT_THREADS"));
        float[] target = tr.target();
        java.util.function.DoubleSupplier acc = () -> {
            float[] r = reconstructs.reconstruct(in);
            double s = 0;
            for (int i = 0; i < r.length; i++) { double d = r[i] - target[i]; s += d * d; }
            return s;
        };
        java.util.function.IntSupplier wrong = () -> {
            float[] r = reconstructs.reconstruct(in);
            int w = 0;
            for (int i = 0; i < r.length; i++) if ((r[i] > 0.5f) != (target[i] > 0.5f)) w++;
            return w;
        };
        String start = get("start", "");
        if (mode.equals("adam") || start.startsWith("adam:")) {
            int steps = mode.equals("adam") ? Integer.parseInt(get("steps", "10000")) : Integer.parseInt(start.substring(5));
            long t0 = System.nanoTime();
            long next = 1;
            for (int s = 1; s <= steps; s++) {
                model.trainStep(in, tg);
                if (s == next || s == steps) {
                    model.takeMeanLoss();
                    double sec = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("adam step %d  evals-equiv(3/step) %d  acc_err %.6g  wrong %d  t %.2fs%n", s, 3L * s, acc.getAsDouble(), wrong.getAsInt(), sec);
                    next = nextLog(next);
                }
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf("adam done steps %d  acc_err %.6g wrong %d  %.2fs  %.1f us/step%n", steps, acc.getAsDouble(), wrong.getAsInt(), sec, sec * 1e6 / steps);
            if (mode.equals("adam")) return;
        }
        // Powell on the summed training loss (squared error here), as PowellTrainer does.
        int maxEval = Integer.parseInt(get("maxeval", "300000"));
        double rel = Double.parseDouble(get("rel", "1e-10")), abs = Double.parseDouble(get("abs", "1e-14"));
        Tensor values = built.parameterSets().get(0).values();
        float[] x0 = new float[P];
        backend.download(values, x0);
        double[] d0 = new double[P];
        for (int i = 0; i < P; i++) d0[i] = x0[i];
        float[] pt = new float[P];
        long[] evals = {0};
        double[] best = {Double.POSITIVE_INFINITY};
        float[][] bestX = {null};
        long t0 = System.nanoTime();
        long[] nextLog = {1000};
        ObjectiveFunction f = new ObjectiveFunction(x -> {
            for (int i = 0; i < P; i++) pt[i] = (float) x[i];
            backend.write(pt, values);
            double l = model.evaluate(in, tg) * n;
            evals[0]++;
            if (l < best[0]) { best[0] = l; bestX[0] = pt.clone(); }
            if (evals[0] == nextLog[0]) {
                System.out.printf("powell evals %d  best %.6g  t %.2fs%n", evals[0], best[0], (System.nanoTime() - t0) / 1e9);
                nextLog[0] = nextLog(nextLog[0]);
            }
            return l;
        });
        long[] lastEv = {0};
        ConvergenceChecker<PointValuePair> checker = (iter, prev, cur) -> {
            System.out.printf("powell iteration %d done: evals %d (this iteration %d, %.1f per direction)  loss %.6g -> %.6g  t %.2fs%n", iter,
                    evals[0], evals[0] - lastEv[0], (evals[0] - lastEv[0]) / (double) P, prev.getValue(), cur.getValue(), (System.nanoTime() - t0) / 1e9);
            lastEv[0] = evals[0];
            return false;
        };
        boolean conv = true;
        try {
            new PowellOptimizer(rel, abs, checker).optimize(new MaxEval(maxEval), GoalType.MINIMIZE, new InitialGuess(d0), f);
        } catch (TooManyEvaluationsException e) { conv = false; }
        double sec = (System.nanoTime() - t0) / 1e9;
        backend.write(bestX[0], values);
        System.out.printf("powell done evals %d converged %b best %.6g acc_err %.6g wrong %d  %.2fs  %.1f us/eval%n", evals[0], conv, best[0],
                acc.getAsDouble(), wrong.getAsInt(), sec, sec * 1e6 / evals[0]);
    }
}
