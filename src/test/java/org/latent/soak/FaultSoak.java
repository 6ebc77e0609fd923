package org.latent.soak;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.latent.io.Json;
import org.latent.io.SafeTensors;
import org.latent.runs.MetricsLog;

/**
 * The fault soak of issue 17: trains a small CPU run (a denoising autoencoder on the built-in fonts,
 * no download) once without interruption, then again and again while killing it with SIGKILL
 * ({@link Process#destroyForcibly}) at random moments, each time resuming it with
 * {@code latent train --resume RUN} until it completes, and checks each completed folder against
 * the uninterrupted one: checkpoint.safetensors and state.json byte for byte, metrics.csv's
 * epoch/step/validation/test/lr columns as text (train_loss differences are counted apart), every
 * file complete (JSON parses, safetensors load, PNGs decode, report.html whole, metrics.csv reads),
 * no temporary file left, the same set of files.
 *
 * <p>Kills are of three kinds, in turn at random: after a random delay (mostly during steps); as
 * soon as a checkpoint's temporary file appears (during its write); as soon as a figure's, the
 * summary's or the report's temporary file appears (the end of the run). A kill before the first
 * checkpoint leaves a folder that cannot be resumed; it is deleted and the run started again, as a
 * user would (counted apart).
 *
 * <p>{@code java -cp target/latent.jar:target/test-classes org.latent.soak.FaultSoak --kills 60
 * --work DIR [--seed S] [--epochs N]} (bench/fault-soak/run.sh); {@code FaultSoakTest} runs a short one.
 */
public final class FaultSoak {
    /** The run: a denoising autoencoder on 32 glyphs of font 1, 5 noisy copies each; a checkpoint every epoch. */
    public static String config(int epochs) {
        return """
                {"name": "soak", "seed": 5, "device": "cpu",
                 "data": {"dataset": "fonts", "font": 1, "subset": 32, "noise": {"type": "flip", "probability": 0.1, "copies": 5}},
                 "model": {"family": "autoencoder", "encoder": [128, 64], "latent": 3,
                           "activation": {"encoder": "relu", "latent": "identity", "decoder": "relu", "output": "sigmoid"},
                           "loss": "cross_entropy"},
                 "optimizer": {"name": "adam", "lr": 0.01},
                 "training": {"batch": 8, "epochs": EPOCHS, "checkpoint_every": 1, "log_every": 2}}
                """.replace("EPOCHS", Integer.toString(epochs));
    }

    /** What a soak found. */
    public static final class Result {
        public int killsMidWrite, kills, rounds, startsOver, resumes, filesChecked, identicalRounds, trainLossRowsDiffering, trainLossRows;
        public final Map<String, Integer> killsByKind = new LinkedHashMap<>();
        public final List<String> problems = new ArrayList<>();
        public final List<String> trainLossDifferences = new ArrayList<>();
        public final List<String> summaryLossesRounded = new ArrayList<>();
        public double seconds;

        public boolean ok() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return "kills " + kills + " " + killsByKind + " (" + killsMidWrite + " left a temporary file: killed mid-write), rounds "
                    + rounds + " (" + identicalRounds + " without a problem), resumes " + resumes + ", started over after a kill before the first checkpoint "
                    + startsOver + ", files checked " + filesChecked + ", train_loss rows differing " + trainLossRowsDiffering
                    + " of " + trainLossRows + ", summary losses rounded to metrics.csv's 6 decimals " + summaryLossesRounded.size()
                    + ", problems " + problems.size() + ", " + String.format("%.0f", seconds) + " s";
        }
    }

    private final Path work;
    private final List<String> java;
    private final Random random;
    private final int epochs;
    private final double maxDelaySeconds;
    private final PrintStream log;

    /**
     * {@code java}: the command that runs Latent's main class up to its arguments (e.g. java
     * --add-modules jdk.incubator.vector -jar target/latent.jar). {@code maxDelaySeconds}: the longest
     * random delay before a kill (about a whole run's length).
     */
    public FaultSoak(Path work, List<String> java, long seed, int epochs, double maxDelaySeconds, PrintStream log) {
        this.work = work;
        this.java = java;
        this.random = new Random(seed);
        this.epochs = epochs;
        this.maxDelaySeconds = maxDelaySeconds;
        this.log = log;
    }

    /** The command for this JVM's java and class path (tests: the test class path). */
    public static List<String> thisJava() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.latent.cli.Main"));
        return cmd;
    }

    /** Kills at least {@code kills} times (whole rounds: each round is trained to completion). */
    public Result run(int kills) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Result r = new Result();
        Files.createDirectories(work);
        Path config = work.resolve("soak.json");
        Files.writeString(config, config(epochs));
        Path reference = work.resolve("reference");
        deleteTree(reference);
        int rc = start(List.of("train", config.toString(), "--out", reference.toString())).waitFor();
        if (rc != 0) throw new IllegalStateException("the uninterrupted run failed with exit status " + rc + " (see " + work.resolve("latent.log") + ")");
        Path ref = reference.resolve("soak");
        r.filesChecked += checkComplete(ref, r, "reference");
        while (r.kills < kills) {
            r.rounds++;
            Path out = work.resolve("round-" + r.rounds);
            deleteTree(out);
            Path dir = out.resolve("soak");
            boolean fresh = true;
            while (true) {
                List<String> args = fresh ? List.of("train", config.toString(), "--out", out.toString())
                        : List.of("train", "--resume", dir.toString());
                Process p = start(args);
                String kind = r.kills >= kills ? "none" : pickKind();
                boolean killed = killSometime(p, kind, dir);
                if (!killed) {
                    int code = p.waitFor();
                    if (code != 0) {
                        r.problems.add("round " + r.rounds + ": " + String.join(" ", args) + " exited " + code + " (see latent.log)");
                        break;
                    }
                    break;
                }
                r.kills++;
                r.killsByKind.merge(kind, 1, Integer::sum);
                if (anyTemporary(dir)) r.killsMidWrite++;
                if (!Files.isRegularFile(dir.resolve("checkpoint.safetensors"))) {
                    // Killed before its first checkpoint: nothing to resume; start again as a user would.
                    deleteTree(out);
                    r.startsOver++;
                    fresh = true;
                } else {
                    r.resumes++;
                    fresh = false;
                }
            }
            if (!Files.isDirectory(dir)) continue;
            int before = r.problems.size();
            r.filesChecked += checkComplete(dir, r, "round " + r.rounds);
            compare(ref, dir, r, "round " + r.rounds);
            if (r.problems.size() == before) r.identicalRounds++;
            log.println("[soak] round " + r.rounds + " done: " + r);
        }
        r.seconds = (System.nanoTime() - start) / 1e9;
        return r;
    }

    private String pickKind() {
        double u = random.nextDouble();
        return u < 0.5 ? "random" : u < 0.75 ? "checkpoint-write" : "figures-report";
    }

    private Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LATENT_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("latent.log").toFile()));
        return pb.start();
    }

    /**
     * Kills {@code p} with SIGKILL at the moment {@code kind} asks for; false if it ended first.
     * "random": after a uniform delay; the two watching kinds poll the run folder for an
     * AtomicFile temporary file ({@code .NAME.HEX.tmp}) of the files they aim at, then wait 0 to 3 ms.
     */
    private boolean killSometime(Process p, String kind, Path dir) throws InterruptedException {
        if (kind.equals("none")) return false;
        if (kind.equals("random")) {
            long ms = (long) (200 + random.nextDouble() * maxDelaySeconds * 1000);
            if (p.waitFor(ms, TimeUnit.MILLISECONDS)) return false;
        } else {
            boolean checkpoint = kind.equals("checkpoint-write");
            // Skip a few checkpoints at random so kills spread over the run.
            int skip = checkpoint ? random.nextInt(Math.max(1, epochs / 2)) : 0;
            String last = null;
            while (true) {
                if (!p.isAlive()) return false;
                String tmp = temporary(dir, checkpoint);
                if (tmp != null && !tmp.equals(last)) {
                    last = tmp;
                    if (skip-- <= 0) break;
                }
                Thread.onSpinWait();
            }
            long micros = random.nextInt(3000);
            if (micros > 0) TimeUnit.MICROSECONDS.sleep(micros);
        }
        p.destroyForcibly();
        p.waitFor();
        return true;
    }

    /** A temporary file's name in {@code dir} for the checkpoint (or for figures, summary and report), else null. */
    private static String temporary(Path dir, boolean checkpoint) {
        String[] names = dir.toFile().list();
        if (names == null) return null;
        for (String n : names) {
            if (!n.endsWith(".tmp") || !n.startsWith(".")) continue;
            boolean isCheckpoint = n.startsWith(".checkpoint.safetensors.");
            boolean isEnd = n.startsWith(".summary.json.") || n.startsWith(".report.html.") || n.contains(".png.");
            if (checkpoint ? isCheckpoint : isEnd) return n;
        }
        return null;
    }

    private static boolean anyTemporary(Path dir) {
        String[] names = dir.toFile().list();
        if (names == null) return false;
        for (String n : names) if (n.endsWith(".tmp")) return true;
        return false;
    }

    /** Every file of a run folder is complete and no temporary file is left; returns how many were checked. */
    static int checkComplete(Path dir, Result r, String what) throws IOException {
        int n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                n++;
                try {
                    if (name.endsWith(".tmp")) {
                        r.problems.add(what + ": temporary file left: " + name);
                    } else if (name.endsWith(".json")) {
                        Json.readObject(f);
                    } else if (name.endsWith(".safetensors")) {
                        SafeTensors.read(f);
                    } else if (name.endsWith(".png")) {
                        BufferedImage img = ImageIO.read(f.toFile());
                        if (img == null || img.getWidth() < 1) r.problems.add(what + ": " + name + " does not decode");
                    } else if (name.equals("metrics.csv")) {
                        MetricsLog.read(f);
                    } else if (name.endsWith(".html")) {
                        String s = Files.readString(f);
                        if (!s.strip().endsWith("</html>")) r.problems.add(what + ": " + name + " is cut short");
                    }
                } catch (RuntimeException | IOException e) {
                    r.problems.add(what + ": " + name + " is damaged: " + e.getMessage());
                }
            }
        }
        return n;
    }

    /** The completed round against the uninterrupted run. */
    static void compare(Path ref, Path dir, Result r, String what) throws IOException {
        TreeSet<String> a = names(ref), b = names(dir);
        if (!a.equals(b)) r.problems.add(what + ": files " + b + " but the uninterrupted run has " + a);
        for (String same : List.of("checkpoint.safetensors", "state.json")) {
            Path x = ref.resolve(same), y = dir.resolve(same);
            if (!Files.exists(y) || !Arrays.equals(Files.readAllBytes(x), Files.readAllBytes(y))) {
                r.problems.add(what + ": " + same + " differs from the uninterrupted run's");
            }
        }
        List<String> ra = Files.readAllLines(ref.resolve("metrics.csv")), rb = Files.exists(dir.resolve("metrics.csv"))
                ? Files.readAllLines(dir.resolve("metrics.csv")) : List.of();
        if (ra.size() != rb.size() || !ra.get(0).equals(rb.isEmpty() ? "" : rb.get(0))) {
            r.problems.add(what + ": metrics.csv has " + rb.size() + " lines, the uninterrupted run's " + ra.size());
            return;
        }
        List<String> header = List.of(ra.get(0).split(",", -1));
        for (int i = 1; i < ra.size(); i++) {
            String[] x = ra.get(i).split(",", -1), y = rb.get(i).split(",", -1);
            for (int c = 0; c < header.size(); c++) {
                String col = header.get(c);
                if (col.equals("seconds") || col.equals("examples_per_second")) continue;
                String vx = c < x.length ? x[c] : "", vy = c < y.length ? y[c] : "";
                if (col.equals("train_loss")) {
                    r.trainLossRows++;
                    if (!vx.equals(vy)) {
                        r.trainLossRowsDiffering++;
                        r.trainLossDifferences.add(what + " epoch " + x[0] + ": " + vy + " (uninterrupted " + vx + ")");
                    }
                } else if (!vx.equals(vy)) {
                    r.problems.add(what + ": metrics.csv epoch " + x[0] + " " + col + " " + vy + ", uninterrupted " + vx);
                }
            }
        }
        Map<String, Object> sa = Json.readObject(ref.resolve("summary.json")), sb = Files.exists(dir.resolve("summary.json"))
                ? Json.readObject(dir.resolve("summary.json")) : Map.of();
        for (String k : sa.keySet()) {
            if (k.equals("seconds") || k.equals("examples_per_second")) continue;
            if (k.endsWith("_loss") && !String.valueOf(sa.get(k)).equals(String.valueOf(sb.get(k)))
                    && sa.get(k) instanceof Number x && sb.get(k) instanceof Number y
                    && String.format("%.6f", x.doubleValue()).equals(String.format("%.6f", y.doubleValue()))) {
                // A run killed after its last checkpoint, while writing its end, takes its last losses back
                // from metrics.csv (6 decimals) when resumed.
                r.summaryLossesRounded.add(what + " summary.json " + k + ": " + y + " (uninterrupted " + x + ")");
                continue;
            }
            if (k.equals("train_loss") && !String.valueOf(sa.get(k)).equals(String.valueOf(sb.get(k)))) {
                r.trainLossDifferences.add(what + " summary.json train_loss: " + sb.get(k) + " (uninterrupted " + sa.get(k) + ")");
                continue;
            }
            if (!String.valueOf(sa.get(k)).equals(String.valueOf(sb.get(k)))) {
                r.problems.add(what + ": summary.json " + k + " " + sb.get(k) + ", uninterrupted " + sa.get(k));
            }
        }
    }

    private static TreeSet<String> names(Path dir) throws IOException {
        TreeSet<String> s = new TreeSet<>();
        if (!Files.isDirectory(dir)) return s;
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> s.add(f.getFileName().toString()));
        }
        return s;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    public static void main(String[] args) throws Exception {
        int kills = 60, epochs = 60;
        long seed = 1;
        double maxDelay = -1;
        Path work = Path.of("soak-work");
        String jar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--max-delay" -> maxDelay = Double.parseDouble(args[++i]);
                case "--jar" -> jar = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<String> java = thisJava();
        if (jar != null) {
            java = new ArrayList<>(java.subList(0, java.indexOf("-cp")));
            java.addAll(List.of("-jar", new File(jar).getAbsolutePath()));
        }
        if (maxDelay < 0) maxDelay = 0.1 * epochs;
        FaultSoak soak = new FaultSoak(work, java, seed, epochs, maxDelay, System.out);
        System.out.println("[soak] " + String.join(" ", java) + " ...; kills >= " + kills + ", epochs " + epochs + ", seed " + seed
                + ", random delays 0.2 to " + (0.2 + maxDelay) + " s");
        Result r = soak.run(kills);
        System.out.println("[soak] result: " + r);
        for (String d : r.trainLossDifferences) System.out.println("[soak] train_loss differs: " + d);
        for (String d : r.summaryLossesRounded) System.out.println("[soak] summary loss rounded: " + d);
        for (String p : r.problems) System.out.println("[soak] PROBLEM: " + p);
        System.out.println(r.ok() ? "[soak] OK" : "[soak] FAILED");
        System.exit(r.ok() ? 0 : 1);
    }
}
