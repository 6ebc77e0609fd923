package org.latent.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String... args) {
        return run(args, System.out, System.err);
    }

    /** Runs a command line; returns the exit status (0 done, 1 failed, 2 bad usage or config, 3 stopped early). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Console console = new Console(out, err, Console.defaultProgram());
        CommandLine cl = new CommandLine(new Main())
                .addSubcommand(new TrainCommand(console))
                .addSubcommand(new EvalCommand(console))
                .addSubcommand(new SampleCommand(console))
                .addSubcommand(new InfoCommand(console));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> Failures.report(e, console, args));
        return cl.execute(args);
    }

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: train, eval, sample or info");
    }
}
