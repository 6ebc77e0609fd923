package org.latent.cli;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    static int report(Exception e, Console console, String[] args) {
        if (e instanceof DataUnavailableException d) {
            console.err().println(noData(d, console.program(), args));
            return FAILED;
        }
        if (e instanceof UsageException) {
            console.err().println(e.getMessage());
            return USAGE;
        }
        if (e instanceof ConfigException || e instanceof JsonException) {
            console.err().println("latent: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof DataException || e instanceof SafeTensorsException || e instanceof NonFiniteException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException || e instanceof CudaException) {
            console.err().println("latent: " + e.getMessage());
            return FAILED;
        }
        console.err().println("latent: internal error: " + e);
        e.printStackTrace(console.err());
        return FAILED;
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
