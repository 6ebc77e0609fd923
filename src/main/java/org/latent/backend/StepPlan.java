package org.latent.backend;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latent.tensor.Tensor;

/**
 * Records a training step as a fixed plan of backend calls and replays it: a backend decorator
 * ({@link #backend()}, built on another backend) that models are built on, and {@link #step}, which
 * runs a step. The first two steps of a batch shape (the key) run the model's Java code while every
 * backend call is recorded with its arguments over the step's fixed buffers; the two recordings must
 * be the same call for call and argument for argument, or the step depends on a host value that
 * changes from step to step and {@link Mismatch} says which call and argument differ. From the third
 * step of that shape on, the plan is replayed: the recorded calls are issued again, with the
 * recorded {@link Backend#bookkeeping} between them, and the model's Java code is not run.
 *
 * <p>A replay sees no host value, so it gives the eager step's results only when everything that
 * changes from step to step is read from device memory ({@link StepState}): exactly what a CUDA
 * graph, captured once and launched every step, needs. On the CPU the replay is the proof (and
 * skips the Java of layers and models). When the wrapped backend is a {@link StepCapture} that
 * captures (the CUDA backend: a CUDA graph), the first replay of a shape issues the recorded calls
 * inside {@link StepCapture#beginCapture}/{@link StepCapture#endCapture} instead, and that step and
 * every later one of the shape launch the graph once, with the recorded bookkeeping run on the host.
 *
 * <p>Inside a recorded step the plan refuses what a replay could not repeat: allocating, uploading,
 * writing host arrays, and every op that returns a value to the host (sum, the penalties, download).
 */
public final class StepPlan {
    /** Two recordings of one step shape differ: the step takes a host value that changes. */
    public static final class Mismatch extends IllegalStateException {
        Mismatch(String message) {
            super(message);
        }
    }

    /** Calls that return to the host or bring host data in: refused inside a recorded step. */
    private static final Set<String> REFUSED = Set.of("allocate", "upload", "write", "download", "sum", "l1ActivityPenalty",
            "klSparsityPenalty", "weightPenalty", "close");

    private record Call(Method method, Object[] args, Runnable bookkeeping) {
        String describe() {
            return bookkeeping != null ? "bookkeeping" : method.getName();
        }
    }

    private static final class Plan {
        final List<Call> first;
        boolean verified;
        long replays;
        /** The captured graph of this shape, once made (only on a backend that captures). */
        StepCapture.Graph graph;

        Plan(List<Call> first) {
            this.first = first;
        }
    }

    private final Backend inner;
    private final Backend proxy;
    private final Map<Object, Plan> plans = new HashMap<>();
    private List<Call> recording;
    private final boolean checked;

    public StepPlan(Backend inner) {
        this(inner, true);
    }

    /**
     * A plan that replays after a single recording, without checking it against a second one: for
     * demonstrating what a replay does to a step that takes host values (it repeats them), never for training.
     */
    public static StepPlan unchecked(Backend inner) {
        return new StepPlan(inner, false);
    }

    private StepPlan(Backend inner, boolean checked) {
        this.checked = checked;
        this.inner = inner;
        this.proxy = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, new Handler());
    }

    /** The backend to build models on: it forwards every call to the wrapped one and records inside {@link #step}. */
    public Backend backend() {
        return proxy;
    }

    /** The backend it wraps. */
    public Backend inner() {
        return inner;
    }

    /** The plan behind a backend made by {@link #backend()}, or null for any other backend. */
    public static StepPlan of(Backend b) {
        if (b != null && Proxy.isProxyClass(b.getClass()) && Proxy.getInvocationHandler(b) instanceof Handler h) return h.plan();
        return null;
    }

    /**
     * Runs one step of shape {@code key}: {@code eager} while recording (the first two steps of the
     * shape, checked against each other), else a replay of the recorded calls.
     */
    public void step(Object key, Runnable eager) {
        if (recording != null) throw new IllegalStateException("StepPlan.step: called inside a step");
        Plan p = plans.get(key);
        if (p != null && p.verified) {
            StepCapture capture = capture();
            if (capture != null || p.graph != null) launch(key, p, capture);
            else for (Call c : p.first) run(c);
            p.replays++;
            return;
        }
        List<Call> calls = new ArrayList<>();
        recording = calls;
        try {
            eager.run();
        } finally {
            recording = null;
        }
        if (p == null) {
            p = new Plan(calls);
            plans.put(key, p);
            p.verified = !checked;
        } else {
            compare(key, p.first, calls);
            p.verified = true;
        }
    }

    /** The wrapped backend as a {@link StepCapture} when it captures steps now, else null. */
    private StepCapture capture() {
        return inner instanceof StepCapture c && c.capturesSteps() ? c : null;
    }

    /**
     * A replay through a graph: the first one captures the recorded calls (the backend records them
     * without running them), later ones reuse the graph. Each launches it once and runs the recorded
     * bookkeeping on the host (it only moves host mirrors, so its order against the device work
     * does not matter).
     */
    private void launch(Object key, Plan p, StepCapture capture) {
        if (p.graph == null) {
            capture.beginCapture(key);
            try {
                for (Call c : p.first) if (c.bookkeeping == null) invoke(c.method, c.args);
                p.graph = capture.endCapture();
            } catch (RuntimeException | Error e) {
                capture.abortCapture();
                throw e;
            }
        }
        p.graph.launch();
        for (Call c : p.first) if (c.bookkeeping != null) c.bookkeeping.run();
    }

    /** Whether the plan of {@code key} runs as a captured graph (its first replay has captured it). */
    public boolean captured(Object key) {
        Plan p = plans.get(key);
        return p != null && p.graph != null;
    }

    /** Replays so far of the plan of {@code key} (0 while it is being recorded). */
    public long replays(Object key) {
        Plan p = plans.get(key);
        return p == null ? 0 : p.replays;
    }

    /** Backend calls (bookkeeping included) of the plan of {@code key}; 0 when none was recorded. */
    public int calls(Object key) {
        Plan p = plans.get(key);
        return p == null ? 0 : p.first.size();
    }

    /** Whether the plan of {@code key} is verified (the next step of that shape is a replay). */
    public boolean replaying(Object key) {
        Plan p = plans.get(key);
        return p != null && p.verified;
    }

    /** Forgets every plan and releases its graph (the next steps are recorded again). */
    public void clear() {
        for (Plan p : plans.values()) if (p.graph != null) p.graph.close();
        plans.clear();
    }

    private void run(Call c) {
        if (c.bookkeeping != null) {
            c.bookkeeping.run();
            return;
        }
        invoke(c.method, c.args);
    }

    private Object invoke(Method m, Object[] args) {
        try {
            return m.invoke(inner, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error err) throw err;
            throw new IllegalStateException(t);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compare(Object key, List<Call> a, List<Call> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Call x = a.get(i), y = b.get(i);
            if (!x.describe().equals(y.describe()) || x.method != null && !x.method.equals(y.method)) {
                throw new Mismatch("StepPlan: steps 1 and 2 of shape " + key + " differ at call " + i + ": " + x.describe() + " then "
                        + y.describe() + " (the step's control flow depends on a host value)");
            }
            if (x.bookkeeping != null) {
                if (x.bookkeeping.getClass() != y.bookkeeping.getClass()) {
                    throw new Mismatch("StepPlan: steps 1 and 2 of shape " + key + " do different bookkeeping at call " + i);
                }
                continue;
            }
            for (int k = 0; k < x.args.length; k++) {
                if (!same(x.args[k], y.args[k])) {
                    throw new Mismatch("StepPlan: steps 1 and 2 of shape " + key + " differ at call " + i + " (" + x.describe()
                            + "), argument " + (k + 1) + ": " + show(x.args[k]) + " then " + show(y.args[k])
                            + "; a replayed step would repeat the first value. Read per-step values from the StepState.");
                }
            }
        }
        if (a.size() != b.size()) {
            throw new Mismatch("StepPlan: steps 1 and 2 of shape " + key + " issue " + a.size() + " and " + b.size() + " calls");
        }
    }

    private static String show(Object o) {
        if (o == null) return "null";
        if (o instanceof int[] v) return Arrays.toString(v);
        if (o instanceof long[] v) return Arrays.toString(v);
        if (o instanceof float[] v) return Arrays.toString(v);
        return o.toString();
    }

    /** The same argument: tensors over the same elements, numbers with the same bits, records component by component. */
    static boolean same(Object x, Object y) {
        if (x == y) return true;
        if (x == null || y == null || x.getClass() != y.getClass()) return false;
        if (x instanceof Tensor t) return t.sameElements((Tensor) y);
        if (x instanceof Float f) return Float.floatToRawIntBits(f) == Float.floatToRawIntBits((Float) y);
        if (x instanceof Double d) return Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits((Double) y);
        if (x instanceof int[] v) return Arrays.equals(v, (int[]) y);
        if (x instanceof long[] v) return Arrays.equals(v, (long[]) y);
        if (x instanceof float[] v) return Arrays.equals(v, (float[]) y);
        if (x instanceof Record) {
            for (RecordComponent c : x.getClass().getRecordComponents()) {
                try {
                    if (!same(c.getAccessor().invoke(x), c.getAccessor().invoke(y))) return false;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return true;
        }
        return x.equals(y);
    }

    private static Object[] copy(Object[] args) {
        if (args == null) return new Object[0];
        Object[] c = args.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] instanceof int[] v) c[i] = v.clone();
            else if (c[i] instanceof long[] v) c[i] = v.clone();
            else if (c[i] instanceof float[] v) c[i] = v.clone();
        }
        return c;
    }

    private final class Handler implements InvocationHandler {
        StepPlan plan() {
            return StepPlan.this;
        }

        @Override
        public Object invoke(Object self, Method m, Object[] args) {
            String name = m.getName();
            if (m.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "StepPlan(" + inner.name() + ")";
                };
            }
            if (name.equals("bookkeeping")) {
                Runnable r = (Runnable) args[0];
                r.run();
                if (recording != null) recording.add(new Call(null, null, r));
                return null;
            }
            if (recording == null && name.equals("close")) clear();  // graphs go before the backend's stream
            if (recording == null || name.equals("name") || name.equals("synchronize")) return StepPlan.this.invoke(m, args);
            if (REFUSED.contains(name)) {
                throw new IllegalStateException("StepPlan: " + name + " inside a recorded step: a step must " + (name.equals("allocate")
                        || name.equals("upload") ? "allocate nothing (allocate at build time)" : "neither read values back to the host nor"
                        + " bring host data in (a replay could not repeat it)"));
            }
            Object[] recorded = copy(args);
            Object result = StepPlan.this.invoke(m, args);
            recording.add(new Call(m, recorded, null));
            return result;
        }
    }
}
