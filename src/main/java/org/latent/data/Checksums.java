package org.latent.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 digests of data files, and the check of a file against its manifest entry. */
final class Checksums {
    private Checksums() {}

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    static String md5(Path file) {
        MessageDigest md5 = newMd5();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e, e);
        }
        return hex(md5);
    }

    /** Throws unless {@code file} has the entry's size and md5; {@code advice} ends the message. */
    static void verify(Path file, DataManifest.Entry entry, String advice) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e, e);
        }
        if (size != entry.bytes()) {
            throw new DataException(file + ": is " + size + " bytes but " + entry.path() + " should be "
                    + entry.bytes() + " bytes (truncated, or not the expected file). " + advice);
        }
        String actual = md5(file);
        if (!actual.equals(entry.md5())) {
            throw new DataException(file + ": checksum mismatch: md5 is " + actual + " but " + entry.path()
                    + " should have md5 " + entry.md5() + " (corrupt, or not the expected file). " + advice);
        }
    }
}
