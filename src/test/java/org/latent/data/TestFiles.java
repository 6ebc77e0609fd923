package org.latent.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small data files built by tests, and the shared copies of the real data sets when present. */
final class TestFiles {
    /** The real data sets: LATENT_DATA, else beside the repository on the development machine; absent in CI. */
    static final Path SHARED_DATA = org.latent.testing.RealData.folderWith("mnist");

    private TestFiles() {}

    static void assumeSharedData() {
        assumeTrue(Files.isDirectory(SHARED_DATA), "no data folder at " + SHARED_DATA.toAbsolutePath()
                + " (expected in CI): skipping the tests on the real data sets");
    }

    /** An IDX file: magic 0 0 type rank, big-endian dims, then the given element bytes. */
    static byte[] idx(int typeCode, int[] dims, byte[] elements) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + elements.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(elements).array();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            return Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
