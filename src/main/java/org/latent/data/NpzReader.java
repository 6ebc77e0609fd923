package org.latent.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives ({@code np.savez}, {@code np.savez_compressed}): a zip of
 * {@code .npy} members, stored or deflated. A member is named with or without its {@code .npy}
 * suffix ({@code "x"} finds {@code x.npy}). Errors name the archive and the member; a missing
 * member's error lists the members present.
 */
public final class NpzReader {
    private NpzReader() {}

    /** The member names as stored (e.g. {@code x.npy}), in archive order. */
    public static List<String> members(Path npz) {
        try (ZipFile zip = open(npz)) {
            return names(zip);
        } catch (IOException e) {
            throw NpyReader.cannotRead(npz.toString(), e);
        }
    }

    /** Whether {@code npz} holds {@code member} (with or without {@code .npy}). */
    public static boolean contains(Path npz, String member) {
        try (ZipFile zip = open(npz)) {
            return find(zip, member) != null;
        } catch (IOException e) {
            throw NpyReader.cannotRead(npz.toString(), e);
        }
    }

    /** The header of {@code member}, read without its data. */
    public static NpyHeader readHeader(Path npz, String member) {
        return withMember(npz, member, (source, h, in, left) -> h);
    }

    /** The array {@code member} holds. */
    public static NpyArray read(Path npz, String member) {
        return withMember(npz, member, NpyReader::readData);
    }

    /** What to do with a member once its header is read. */
    private interface MemberBody<T> {
        /** {@code left}: the member's bytes after the header, or -1 when the archive does not say. */
        T read(String source, NpyHeader h, InputStream in, long left) throws IOException;
    }

    private static <T> T withMember(Path npz, String member, MemberBody<T> body) {
        try (ZipFile zip = open(npz)) {
            ZipEntry e = find(zip, member);
            if (e == null) {
                throw new DataException(npz + ": no member '" + member + "'"
                        + (member.endsWith(".npy") ? "" : " (or '" + member + ".npy')") + "; the archive holds "
                        + (zip.size() == 0 ? "no members" : "'" + String.join("', '", names(zip)) + "'"));
            }
            String source = npz + ", member '" + e.getName() + "'";
            try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
                // The central directory gives every member's uncompressed size, so a lying shape is
                // caught before allocating; -1 (unknown) makes the reader check at the end instead.
                long size = e.getSize();
                NpyHeader h = NpyReader.readHeader(source, in, size);
                return body.read(source, h, in, size < 0 ? -1 : size - h.dataOffset());
            } catch (IOException x) {
                throw new DataException(source + ": cannot read (the archive is damaged): " + x, x);
            }
        } catch (IOException x) {
            throw NpyReader.cannotRead(npz.toString(), x);
        }
    }

    private static ZipFile open(Path npz) throws IOException {
        try {
            return new ZipFile(npz.toFile());
        } catch (ZipException e) {
            throw new DataException(npz + ": not a zip archive (an .npz file is a zip of .npy files): "
                    + e.getMessage(), e);
        }
    }

    private static ZipEntry find(ZipFile zip, String member) {
        try {
            ZipEntry e = zip.getEntry(member);
            if (e == null && !member.endsWith(".npy")) {
                e = zip.getEntry(member + ".npy");
            }
            return e == null || e.isDirectory() ? null : e;
        } catch (IllegalArgumentException x) {
            throw badName(zip, x);
        }
    }

    private static List<String> names(ZipFile zip) {
        List<String> out = new ArrayList<>();
        try {
            for (ZipEntry e : Collections.list(zip.entries())) {
                out.add(e.getName());
            }
        } catch (IllegalArgumentException x) {
            throw badName(zip, x);
        }
        return out;
    }

    /** The JDK's zip reader throws IllegalArgumentException for a member name that is not valid UTF-8 (found by fuzzing). */
    private static DataException badName(ZipFile zip, IllegalArgumentException x) {
        return new DataException(zip.getName() + ": the archive is damaged: a member's name is not valid UTF-8 ("
                + x.getMessage() + ")", x);
    }
}
