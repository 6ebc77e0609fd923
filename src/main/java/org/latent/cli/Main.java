package org.latent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.latent.config.ModelFamilies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The `latent` command: train, eval, sample, runs, serve, info. */
@Command(name = "latent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        footer = {"", "Configs: docs/config.md. Examples: examples/*.json. From Java: docs/java-api.md."})
public final class Main implements Runnable {
    private static final List<String> BUILT_IN = List.of("vae", "autoencoder", "classifier", "gan");

    private Main() {}

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Latent " + version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")"};
        }
    }

    /**
     * The version (the jar manifest's Implementation-Version, from the pom; from classes,
     * org/latent/version.properties) and the commit the build came from when git knew it ("-dirty":
     * with uncommitted changes).
     */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        if (v == null) {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/org/latent/version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException ignored) {
                // No version file: "dev" below.
            }
            v = p.getProperty("version");
            if (v != null && v.contains("${")) v = null; // not filtered by Maven
        }
        String commit = null;
        try (InputStream in = Main.class.getResourceAsStream("/org/latent/commit.txt")) {
            if (in != null) commit = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException ignored) {
            // No commit recorded.
        }
        return (v == null ? "dev" : v) + (commit == null || commit.isEmpty() ? "" : " (commit " + commit + ")");
    }

    /** The families a config can name: the built-in ones, then any defined in Java that are on the class path. */
    static String description() {
        List<String> more = new ArrayList<>();
        try {
            more.addAll(ModelFamilies.names());
        } catch (RuntimeException | LinkageError e) {
            // A broken family service: `latent train` reports it; the help still shows.
        }
        more.removeAll(BUILT_IN);
        return "Trains generative models and classifiers on the CPU or a CUDA GPU. Model families: variational "
                + "autoencoders (vae), autoencoders (autoencoder), GANs (gan) and classifiers (classifier), and families "
                + "defined in Java (a ModelFamily service or ModelConfig.of; docs/java-api.md)"
                + (more.isEmpty() ? "" : "; on the class path: " + String.join(", ", more)) + ".";
    }

    public static void main(String[] args) {
        boolean debug = Failures.debug(args, System.getenv());
        // A thread other than main that dies (a worker, a shutdown hook) gets one line too, unless asked for the trace.
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("latent: internal error in thread " + t.getName() + ": " + Failures.describe(e)
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
            if (debug) e.printStackTrace();
        });
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String... args) {
        return run(args, System.out, System.err);
    }

    /** Runs a command line; returns the exit status (0 done, 1 failed, 2 bad usage or config, 3 stopped early). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)} with the environment given ({@code LATENT_DEBUG=1}
     * asks for stack traces, as {@code --debug} does). Nothing escapes: every exception and error
     * becomes one message and an exit status.
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Console console = new Console(out, err, Console.defaultProgram());
        boolean debug = Failures.debug(args, env);
        try {
            CommandLine cl = new CommandLine(new Main())
                    .addSubcommand(new TrainCommand(console))
                    .addSubcommand(new EvalCommand(console))
                    .addSubcommand(new SampleCommand(console))
                    .addSubcommand(new InfoCommand(console))
                    .addSubcommand(new ServeCommand(console))
                    .addSubcommand("runs", new CommandLine(new RunsCommand(console)).addSubcommand(new RunsCommand.Compare(console)));
            cl.getCommandSpec().usageMessage().description(description());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setExecutionExceptionHandler((e, line, parsed) -> Failures.report(e, console, args, debug));
            return cl.execute(args);
        } catch (Throwable e) {
            // Errors (OutOfMemoryError, StackOverflowError) pass picocli's handler, which takes exceptions only.
            return Failures.report(e, console, args, debug);
        }
    }

    /** Accepted everywhere (train, eval, sample, info); {@link Failures#debug} reads it from the arguments. */
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of a failure (also LATENT_DEBUG=1).")
    private boolean debugOption;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: train, eval, sample, runs, serve or info");
    }
}
