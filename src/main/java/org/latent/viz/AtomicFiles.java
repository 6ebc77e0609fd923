package org.latent.viz;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a file under a temporary name in the same folder and renames it into place, so a reader
 * (or a crash) never sees half a file. Missing parent folders are created.
 */
final class AtomicFiles {
    private AtomicFiles() {}

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    static void writePng(Path png, RenderedImage image) throws IOException {
        // An in-memory cache: ImageIO's default would spill to a scratch file in java.io.tmpdir.
        write(png, out -> {
            try (ImageOutputStream cached = new MemoryCacheImageOutputStream(out)) {
                if (!ImageIO.write(image, "png", cached)) {
                    throw new IOException("no PNG writer for " + image.getClass().getName());
                }
            }
        });
    }

    static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        String tempName = "." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
        Path temp = absolute.resolveSibling(tempName);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try {
                Files.deleteIfExists(temp); // nothing left after a failed write (gone already after the rename)
            } catch (IOException ignored) {
                // The write's own failure, if any, is the one to report; RunFolder.lock removes leftovers.
            }
        }
    }
}
