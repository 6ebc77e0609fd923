package org.latent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where tests find copies of the real data sets: the folder in {@code LATENT_DATA} (as for `latent
 * train`) when it is set and exists, else {@code ../shared/data} beside the repository (the development
 * machine's copies). Tests that need one skip where neither has it (CI without data).
 */
public final class RealData {
    public static final String ENV = "LATENT_DATA";
    /** The copies beside the repository, relative to the project folder tests run in. */
    public static final Path BESIDE_REPOSITORY = Path.of("../shared/data");

    private RealData() {}

    /** The first existing folder of {@link #candidates()} (else the last candidate, which a test's assumption then finds absent). */
    public static Path folder() {
        return folder(System.getenv());
    }

    /** The first of {@link #candidates()} that holds {@code relative} (e.g. "mnist"), else {@link #folder()}. */
    public static Path folderWith(String relative) {
        return folderWith(System.getenv(), relative);
    }

    /** LATENT_DATA when set, then ../shared/data. */
    public static List<Path> candidates() {
        return candidates(System.getenv());
    }

    static List<Path> candidates(Map<String, String> env) {
        List<Path> c = new ArrayList<>();
        String v = env.get(ENV);
        if (v != null && !v.isBlank()) c.add(Path.of(v));
        c.add(BESIDE_REPOSITORY);
        return c;
    }

    static Path folder(Map<String, String> env) {
        List<Path> c = candidates(env);
        for (Path p : c) if (Files.isDirectory(p)) return p;
        return c.get(c.size() - 1);
    }

    static Path folderWith(Map<String, String> env, String relative) {
        for (Path p : candidates(env)) if (Files.exists(p.resolve(relative))) return p;
        return folder(env);
    }
}
