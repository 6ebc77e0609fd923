package org.latent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.cli.Cli.assertContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `latent --version` and `latent --help`. */
class MainTest {
    @Test
    void versionIsThePomsVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>latent</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "the project's version in pom.xml");
        Cli c = Cli.run("--version").expect(0);
        assertTrue(c.out().startsWith("Latent " + m.group(1)), c.out());
        assertTrue(!c.out().contains("dev"), c.out());
        assertContains(c.out(), "Java " + System.getProperty("java.version"));
    }

    @Test
    void helpNamesEveryModelFamily() {
        Cli c = Cli.run("--help").expect(0);
        assertContains(c.out().replaceAll("\\s+", " "), "(vae)", "(autoencoder)", "(classifier)", "(gan)", "defined in Java", "train", "sample");
    }
}
