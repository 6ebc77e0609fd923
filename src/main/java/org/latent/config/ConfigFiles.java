package org.latent.config;

import java.nio.file.Path;
import org.latent.io.AtomicFile;
import org.latent.io.Json;

/** Config files: JSON in, resolved JSON out. */
public final class ConfigFiles {
    private ConfigFiles() {}

    /** Reads and checks a config; errors start with the file name. A config without "name" is named after its file. */
    public static RunConfig read(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            return RunConfig.fromJson(Json.readObject(file), base);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    public static void write(RunConfig config, Path file) {
        AtomicFile.writeString(file, Json.pretty(config.toJson()));
    }
}
