package org.latent.cli;

import java.io.PrintStream;

/**
 * Where a command writes: results to {@code out}, progress and errors to {@code err}; {@code program}
 * is how the user invoked Latent ("./latent"), for commands we suggest they run.
 */
record Console(PrintStream out, PrintStream err, String program) {
    static String defaultProgram() {
        return System.getProperty("latent.command", "latent");
    }
}
