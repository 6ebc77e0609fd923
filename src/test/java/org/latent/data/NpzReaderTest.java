package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.latent.data.DataAsserts.assertDataError;
import static org.latent.data.NpyFiles.bytes;
import static org.latent.data.NpyFiles.floats;
import static org.latent.data.NpyFiles.members;
import static org.latent.data.NpyFiles.npy;
import static org.latent.data.NpyFiles.npz;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzReaderTest {
    @TempDir
    Path dir;

    private static final float[] X = {0.5f, -2f, 7f, 1e-3f, 0f, 1f};

    private Path archive(String name, boolean deflated) {
        return TestFiles.write(dir, name, npz(deflated, members(
                "x.npy", npy(1, "<f4", "(3, 2)", floats(X)),
                "y.npy", npy(1, "|u1", "(3,)", bytes(2, 0, 1)))));
    }

    @Test
    void readsStoredAndDeflatedMembersWithOrWithoutSuffix() {
        for (boolean deflated : new boolean[] {false, true}) {
            Path p = archive(deflated ? "d.npz" : "s.npz", deflated);
            assertEquals(List.of("x.npy", "y.npy"), NpzReader.members(p));
            assertTrue(NpzReader.contains(p, "x"));
            assertFalse(NpzReader.contains(p, "z"));
            NpyArray x = NpzReader.read(p, "x");
            assertArrayEquals(new int[] {3, 2}, x.shape());
            assertArrayEquals(X, x.floats());
            NpyArray y = NpzReader.read(p, "y.npy");
            assertArrayEquals(bytes(2, 0, 1), y.unsignedBytes());
            assertArrayEquals(new int[] {3}, NpzReader.readHeader(p, "y").shape());
        }
    }

    @Test
    void missingMemberListsTheMembersPresent() {
        Path p = archive("m.npz", true);
        assertDataError(() -> NpzReader.read(p, "images"), p.toString(), "no member 'images' (or 'images.npy')",
                "the archive holds 'x.npy', 'y.npy'");
    }

    @Test
    void notAZipArchive() {
        Path p = TestFiles.write(dir, "n.npz", npy(1, "|u1", "(1,)", bytes(1)));
        assertDataError(() -> NpzReader.read(p, "x"), p.toString(), "not a zip archive");
        Path missing = dir.resolve("none.npz");
        assertDataError(() -> NpzReader.members(missing), missing.toString(), "no such file");
    }

    @Test
    void truncatedMemberNamesArchiveMemberAndSizes() {
        for (boolean deflated : new boolean[] {false, true}) {
            byte[] whole = npy(1, "<f4", "(3, 2)", floats(X));
            Path p = TestFiles.write(dir, "t" + deflated + ".npz",
                    npz(deflated, members("x.npy", Arrays.copyOf(whole, whole.length - 4))));
            assertDataError(() -> NpzReader.read(p, "x"), p.toString(), "member 'x.npy'", "truncated",
                    "promises 24 data bytes", "only 20 are present");
        }
    }

    @Test
    void badMemberHeaderNamesTheMember() {
        Path p = TestFiles.write(dir, "b.npz", npz(true, members("x.npy", npy(1, ">f4", "(1,)", new byte[4]))));
        assertDataError(() -> NpzReader.readHeader(p, "x"), p.toString(), "member 'x.npy'", "big-endian");
    }

    @Test
    void damagedCompressedDataNamesTheMember() {
        byte[] data = new byte[4000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7919 >> 3);
        }
        byte[] zip = npz(true, members("x.npy", npy(1, "|u1", "(4000,)", data)));
        for (int i = 200; i < 260; i++) {
            zip[i] ^= 0x5a;  // inside the deflated stream, after the 30-byte local header and name
        }
        Path p = TestFiles.write(dir, "damaged.npz", zip);
        assertDataError(() -> NpzReader.read(p, "x"), p.toString(), "member 'x.npy'");
    }
}
