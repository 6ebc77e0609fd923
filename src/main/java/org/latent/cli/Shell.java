package org.latent.cli;

import java.util.regex.Pattern;

/** Words of a command line we print for the user to run, quoted for a POSIX shell where needed. */
final class Shell {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./~-]+");

    private Shell() {}

    /** The word as typed: unchanged when it holds only safe characters, else in single quotes. */
    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
