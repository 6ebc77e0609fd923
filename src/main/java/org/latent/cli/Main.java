package org.latent.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The `latent` command: train, eval, sample, info. */
@Command(name = "latent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trains deep generative models (VAEs, autoencoders) on the CPU or a CUDA GPU.",
        footer = {"", "Configs: docs/config.md. Examples: examples/*.json."})
public final class Main implements Runnable {
    private Main() {}

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Latent " + version()};
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
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
                    .addSubcommand(new InfoCommand(console));
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
        throw new ParameterException(spec.commandLine(), "a command is needed: train, eval, sample or info");
    }
}
