package org.latent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-data folder of the tests honours LATENT_DATA first, then falls back to ../shared/data. */
class RealDataFolderTest {
    @Test
    void latentDataComesFirstWhenItExists(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("mnist"));
        Map<String, String> env = Map.of("LATENT_DATA", dir.toString());
        assertEquals(dir, RealData.folder(env));
        assertEquals(dir, RealData.folderWith(env, "mnist"));
    }

    @Test
    void otherwiseTheSharedCopiesBesideTheRepository(@TempDir Path dir) {
        assertEquals(RealData.BESIDE_REPOSITORY, RealData.folder(Map.of()));
        assertEquals(RealData.BESIDE_REPOSITORY, RealData.folder(Map.of("LATENT_DATA", "")));
        assertEquals(RealData.BESIDE_REPOSITORY, RealData.folder(Map.of("LATENT_DATA", dir.resolve("absent").toString())));
        // A LATENT_DATA folder without the data set asked for: the shared copies are tried too.
        if (Files.isDirectory(RealData.BESIDE_REPOSITORY.resolve("frey"))) {
            assertEquals(RealData.BESIDE_REPOSITORY, RealData.folderWith(Map.of("LATENT_DATA", dir.toString()), "frey"));
        }
    }
}
