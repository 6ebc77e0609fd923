package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No stack trace unless asked for (--debug, LATENT_DEBUG=1); an internal error says what to report. */
class StackTraceTest {
    private static boolean hasTrace(String err) {
        return err.contains("\tat org.latent.") || err.contains("\tat java.");
    }

    /** Runs Failures.report as Main would and returns (status, stderr). */
    private static Object[] report(Throwable e, boolean debug) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Failures.report(e, new Console(p, p, "./latent"), new String[] {"train", "x.json"}, debug);
        return new Object[] {status, err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void anExpectedFailureIsOneLineAndItsTraceOnlyWithDebug(@TempDir Path dir) {
        String missing = dir.resolve("missing").toString();
        Cli plain = Cli.run("eval", missing).expect(1);
        assertEquals("latent: run folder " + missing + " does not exist\n", plain.err());
        Cli debug = Cli.run("eval", missing, "--debug").expect(1);
        assertTrue(debug.err().startsWith("latent: run folder " + missing + " does not exist\n"), debug.err());
        assertTrue(hasTrace(debug.err()), debug.err());
        assertTrue(hasTrace(Cli.run("--debug", "eval", missing).expect(1).err()), "--debug before the command too");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(1, Main.run(new String[] {"eval", missing}, p, p, Map.of("LATENT_DEBUG", "1")));
        assertTrue(hasTrace(err.toString(StandardCharsets.UTF_8)), "LATENT_DEBUG=1 asks for the trace");
    }

    @Test
    void aSettingRefusedInAClassesStaticSetupIsReportedByItsOwnMessage() {
        Object[] r = report(new ExceptionInInitializerError(
                new IllegalArgumentException("-Dlatent.cpu.gemm=v3: the CPU GEMM kernel must be v1 or v2")), false);
        assertEquals(1, r[0]);
        assertEquals("latent: -Dlatent.cpu.gemm=v3: the CPU GEMM kernel must be v1 or v2\n", r[1]);
    }

    @Test
    void anInternalErrorSaysItIsOneAndWhatToReport() {
        Object[] r = report(new NullPointerException("Cannot read field \"x\" because \"y\" is null"), false);
        assertEquals(1, r[0]);
        String err = (String) r[1];
        assertContains(err, "latent: internal error: NullPointerException: Cannot read field", "This is a bug in Latent",
                "the command (./latent train x.json)", "the output of `./latent info`", "--debug", "LATENT_DEBUG=1");
        assertEquals(1, err.lines().count(), err);
        assertFalse(hasTrace(err), err);

        String debug = (String) report(new NullPointerException(), true)[1];
        assertContains(debug, "latent: internal error: NullPointerException.", "the stack trace below");
        assertTrue(hasTrace(debug), debug);

        // Bare library exceptions with unhelpful messages are internal errors too.
        assertContains((String) report(new ArithmeticException("integer overflow"), false)[1], "internal error: ArithmeticException");
        assertContains((String) report(new NumberFormatException("For input string: \"four\""), false)[1], "internal error");
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithWhatToDo() {
        Object[] r = report(new OutOfMemoryError("Java heap space"), false);
        assertEquals(1, r[0]);
        String err = (String) r[1];
        assertContains(err, "latent: out of memory: the Java heap (at most", "(Java heap space)", "LATENT_JAVA_OPTS=-Xmx");
        assertFalse(hasTrace(err), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void errorsThatPassPicocliAreCaughtToo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        // info prints to out; an out stream that fails with an Error shows the top-level catch.
        PrintStream broken = new PrintStream(out, true, StandardCharsets.UTF_8) {
            @Override
            public void write(byte[] b, int off, int len) {
                throw new StackOverflowError(); // what every print goes through
            }
        };
        int status = Main.run(new String[] {"info"}, broken, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(1, status);
        String e = err.toString(StandardCharsets.UTF_8);
        assertContains(e, "latent: internal error: StackOverflowError");
        assertFalse(hasTrace(e), e);
    }
}
