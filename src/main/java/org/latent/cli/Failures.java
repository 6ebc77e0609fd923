package org.latent.cli;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.latent.backend.cuda.CudaException;
import org.latent.config.ConfigException;
import org.latent.data.DataException;
import org.latent.data.DataUnavailableException;
import org.latent.io.JsonException;
import org.latent.io.SafeTensorsException;
import org.latent.train.NonFiniteException;

/** Turns what went wrong into a message for the user (no stack trace for expected failures) and an exit status. */
final class Failures {
    static final int FAILED = 1, USAGE = 2;

    private Failures() {}

    /** Whether the user asked for stack traces: {@code --debug} among the arguments (before a "--"), or LATENT_DEBUG=1. */
    static boolean debug(String[] args, Map<String, String> env) {
        String v = env.get(DEBUG_ENV);
        if (v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"))) return true;
        for (String a : args) {
            if (a.equals("--")) return false;
            if (a.equals("--debug")) return true;
        }
        return false;
    }

    static final String DEBUG_ENV = "LATENT_DEBUG";

    /** Prints one line for what went wrong (its stack trace too when {@code debug}); returns the exit status. */
    static int report(Throwable e, Console console, String[] args, boolean debug) {
        int status = print(e, console, args, debug);
        if (debug) e.printStackTrace(console.err());
        console.err().flush();
        return status;
    }

    private static int print(Throwable e, Console console, String[] args, boolean debug) {
        // A class whose static setup refused a setting (a -Dlatent.* property) is reported by that refusal.
        if (e instanceof ExceptionInInitializerError && e.getCause() != null) return print(e.getCause(), console, args, debug);
        if (e instanceof DataUnavailableException d) {
            console.err().println(noData(d, console.program(), args));
            return FAILED;
        }
        if (e instanceof UsageException) {
            console.err().println(e.getMessage());
            return USAGE;
        }
        if (e instanceof ConfigException || e instanceof JsonException) {
            console.err().println("latent: " + message(e));
            return USAGE;
        }
        if (e instanceof DataException || e instanceof SafeTensorsException || e instanceof NonFiniteException
                || e instanceof UncheckedIOException || e instanceof CudaException
                || (expected(e) && e.getMessage() != null && !e.getMessage().isBlank())) {
            console.err().println("latent: " + message(e));
            return FAILED;
        }
        if (e instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory();
            console.err().println(String.format(java.util.Locale.ROOT, "latent: out of memory: the Java heap (at most %.1f GiB) cannot"
                    + " hold what this command needs (%s). Give Java more (LATENT_JAVA_OPTS=-Xmx16g for the latent launcher, or -Xmx"
                    + " for java -jar), or make the model, the batch, the data (data.limit) or the count smaller",
                    max / (double) (1L << 30), message(e)));
            return FAILED;
        }
        List<String> command = new ArrayList<>();
        command.add(console.program());
        command.addAll(Arrays.asList(args));
        console.err().println("latent: internal error: " + describe(e) + ". This is a bug in Latent; please report it with the"
                + " command (" + String.join(" ", command) + "), the output of `" + console.program() + " info`"
                + (debug ? " and the stack trace below." : " and the stack trace that the same command prints with --debug"
                + " (or " + DEBUG_ENV + "=1)."));
        return FAILED;
    }

    /**
     * Exceptions our own code throws with a message for the user (argument and state checks, I/O):
     * the message is the report. Anything else (NullPointerException, ClassCastException,
     * ArithmeticException, ...) is an internal error.
     */
    private static boolean expected(Throwable e) {
        return (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException))
                || e instanceof IllegalStateException || e instanceof java.io.IOException;
    }

    /** The message, or the exception's simple name when it has none. */
    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** "NullPointerException: what" for internal errors. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** "host: no connection" from "URL: ConnectException, caused by ..." (DownloadCache's failure lines). */
    private static String shortReason(String failure) {
        int split = failure.indexOf(": ", failure.indexOf("://") + 3);
        if (split < 0) return failure;
        String url = failure.substring(0, split), detail = failure.substring(split + 2);
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            host = url;
        }
        String reason = detail.startsWith("ConnectException") ? "no connection"
                : detail.contains("UnknownHost") || detail.contains("UnresolvedAddress") ? "unknown host"
                : detail.contains("Timeout") || detail.contains("timed out") ? "timed out"
                : detail.replaceAll(", caused by .*", "");
        return host + ": " + reason;
    }

    /** One line saying what is missing and why, then the command that uses a local copy instead. */
    static String noData(DataUnavailableException d, String program, String[] args) {
        List<String> reasons = new ArrayList<>();
        for (String f : d.failures()) reasons.add(shortReason(f));
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(Arrays.asList(args));
        command.add("--data");
        command.add("/path/to/data");
        return "latent: cannot download " + d.file() + " (" + String.join("; ", reasons) + ")\n"
                + "No network? Use a local copy of the data instead:\n"
                + "  " + String.join(" ", command) + "\n"
                + "where /path/to/data holds " + d.folderContents() + ". Setting LATENT_DATA=/path/to/data works too.";
    }
}
