package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FontsTest {
    @Test
    void threeFontsOf32CharactersOf35BinaryPixels() {
        for (int font = 1; font <= Fonts.FONTS; font++) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < Fonts.CHARACTERS; i++) {
                float[] p = Fonts.pixels(font, i);
                assertEquals(35, p.length);
                for (float v : p) {
                    assertTrue(v == 0f || v == 1f, "pixel value " + v);
                }
                assertTrue(seen.add(Arrays.toString(p)), "font " + font + " character " + i + " repeats another");
            }
            assertEquals(32, seen.size());
        }
    }

    @Test
    void codesRunFrom0x20To0x7f() {
        assertEquals(0x20, Fonts.codes(1)[0]);
        assertEquals(0x5f, Fonts.codes(2)[31]);
        assertEquals(0x7f, Fonts.codes(3)[31]);
        assertThrows(IllegalArgumentException.class, () -> Fonts.codes(4));
    }

    @Test
    void pixelsAreRowMajorWithBit4Leftmost() {
        // 'A' = 0x04 0x0a 0x11 0x11 0x1f 0x11 0x11
        float[] a = Fonts.pixels(2, 'A' - 0x40);
        assertArrayEquals(new float[] {0, 0, 1, 0, 0}, Arrays.copyOfRange(a, 0, 5));
        assertArrayEquals(new float[] {0, 1, 0, 1, 0}, Arrays.copyOfRange(a, 5, 10));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, Arrays.copyOfRange(a, 20, 25));
        assertArrayEquals(new float[] {1, 0, 0, 0, 1}, Arrays.copyOfRange(a, 30, 35));
        float[] del = Fonts.pixels(3, 31);
        for (float v : del) {
            assertEquals(1f, v, "DEL is a full block");
        }
        float[] space = Fonts.pixels(1, 0);
        for (float v : space) {
            assertEquals(0f, v, "space is empty");
        }
    }

    @Test
    void datasetHoldsTheCharactersWithTheirCodes() {
        Dataset d = Fonts.dataset(3);
        assertEquals(32, d.size());
        assertArrayEquals(new int[] {1, 7, 5}, d.shape());
        assertEquals('a', d.label(1));
        float[] b = new float[35];
        d.copyExamples(2, 3, b, 0);
        assertArrayEquals(Fonts.pixels(3, 2), b);
    }

    @Test
    void equalsTheFontsOfTheCourseHeaderFile() throws IOException {
        Path header = TestFiles.SHARED_DATA.resolve("fonts/font_all.h");
        assumeTrue(Files.exists(header), "no " + header + " to compare with");
        String text = Files.readString(header);
        for (int font = 1; font <= 3; font++) {
            int[][] expected = parseFont(text, "Font" + font);
            for (int i = 0; i < 32; i++) {
                assertArrayEquals(expected[i], Fonts.rows(font, i), "font " + font + " character " + i);
            }
        }
        Path courseFile = TestFiles.SHARED_DATA.resolve("fonts/font.h");
        if (Files.exists(courseFile)) {
            int[][] font3 = parseFont(Files.readString(courseFile), "Font3");
            for (int i = 0; i < 32; i++) {
                assertArrayEquals(font3[i], Fonts.rows(3, i), "font.h Font3 character " + i);
            }
        }
    }

    /** The 32 x 7 values of {@code int const NAME[32][7] = {{0x.., ...}, ...};} in a C header. */
    private static int[][] parseFont(String c, String name) {
        int start = c.indexOf("int const " + name + "[32][7]");
        assertTrue(start >= 0, name + " not found in the header");
        String body = c.substring(c.indexOf('{', start) + 1, c.indexOf("};", start));
        body = body.replaceAll("//[^\n]*", "");
        Matcher row = Pattern.compile("\\{([^}]*)\\}").matcher(body);
        int[][] out = new int[32][];
        int n = 0;
        while (row.find()) {
            out[n++] = Arrays.stream(row.group(1).split(",")).map(String::strip)
                    .mapToInt(s -> Integer.parseInt(s.substring(2), 16)).toArray();
        }
        assertEquals(32, n, name + " rows");
        return out;
    }
}
