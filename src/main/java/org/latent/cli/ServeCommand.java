package org.latent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.latent.serve.RunServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `latent serve [DIR] [--port N] [--host H]`: a local web page of the runs in a folder, live while they train. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves a web page of the runs in a folder (default: runs): the list, each run's report and files, "
                + "a live view of a run that trains (its curves and newest samples, updated every few seconds) and comparisons "
                + "of several runs' curves. It only reads the run folders, so it can run beside training. Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {
    private final Console console;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "A folder of run folders (default: runs), or one run folder.")
    private Path dir;

    @Option(names = "--port", paramLabel = "N", description = "The port (default: 8765; 0: any free port).")
    private int port = 8765;

    @Option(names = "--host", paramLabel = "H", description = "The address to listen on (default: 127.0.0.1, this machine only; "
            + "0.0.0.0 lets other machines in, without any login).")
    private String host = "127.0.0.1";

    ServeCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path where = dir != null ? dir : Path.of("runs");
        if (!Files.isDirectory(where)) {
            console.err().println("latent serve: " + where + " is not a folder" + (dir == null ? " (no runs yet here; give the folder of your runs)" : ""));
            return Failures.USAGE;
        }
        if (port < 0 || port > 65535) {
            console.err().println("latent serve: --port " + port + " is not a port (0 to 65535)");
            return Failures.USAGE;
        }
        RunServer server;
        try {
            server = RunServer.start(where, host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + (e instanceof java.net.BindException ? " (another program has that port? try --port 0 for any free one)" : ""), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            console.err().println("latent serve: stopped");
            console.err().flush();
            stopped.countDown();
        }, "latent-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        console.out().println("Serving the runs in " + server.root() + " at " + server.url() + " (Ctrl-C stops)");
        console.out().flush();
        stopped.await();
        return 0;
    }
}
