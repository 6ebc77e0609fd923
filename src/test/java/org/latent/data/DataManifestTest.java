package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.latent.data.IdxReaderTest.assertMessage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataManifestTest {
    private static final String HEADER = "dataset\tfile\turl\tbytes\tmd5\n";
    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @Test
    void standardManifestKnowsTheDataSets() {
        DataManifest m = DataManifest.standard();
        assertEquals(9, m.entries().size());
        assertEquals(4, m.files("mnist").size());
        assertEquals(4, m.files("fashion-mnist").size());
        DataManifest.Entry images = m.entry("mnist", "train-images-idx3-ubyte.gz");
        assertEquals(9_912_422L, images.bytes());
        assertEquals("f68b3c2dcbeaaa9fbdd348bbdeb94873", images.md5());
        assertEquals(List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz"),
                URI.create("http://yann.lecun.com/exdb/mnist/train-images-idx3-ubyte.gz")), images.urls());
        assertEquals(URI.create("https://cs.nyu.edu/~roweis/data/frey_rawface.mat"),
                m.entry("frey", "frey_rawface.mat").urls().get(0));
        assertEquals("frey/frey_rawface.mat", m.entry("frey", "frey_rawface.mat").path());
        assertMessage(assertThrows(DataException.class, () -> m.entry("mnist", "nope")).getMessage(), "mnist/nope");
    }

    @Test
    void sizesAndMd5sMatchTheSharedDataReadme() throws IOException {
        Path readme = TestFiles.SHARED_DATA.resolve("README.md");
        TestFiles.assumeSharedData();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(readme), "no " + readme);
        String text = Files.readString(readme);
        for (DataManifest.Entry e : DataManifest.standard().entries()) {
            String row = "| " + e.path() + " | " + String.format("%,d", e.bytes()) + " | " + e.md5() + " |";
            assertMessage(text, row);
        }
    }

    @Test
    void malformedLinesAreNamed() {
        assertMessage(assertThrows(DataException.class, () -> DataManifest.parse("a\tb\n", "m.tsv")).getMessage(),
                "m.tsv", "line 1", "header");
        assertMessage(assertThrows(DataException.class,
                () -> DataManifest.parse("# c\n" + HEADER + "d\tf\thttp://x/f\t12\n", "m.tsv")).getMessage(),
                "m.tsv", "line 3", "5 tab-separated columns");
        assertMessage(assertThrows(DataException.class,
                () -> DataManifest.parse(HEADER + "d\tf\thttp://x/f\tmany\t" + MD5 + "\n", "m.tsv")).getMessage(),
                "line 2", "bytes", "many");
        assertMessage(assertThrows(DataException.class,
                () -> DataManifest.parse(HEADER + "d\tf\thttp://x/f\t1\tXYZ\n", "m.tsv")).getMessage(),
                "line 2", "md5", "XYZ");
        assertMessage(assertThrows(DataException.class, () -> DataManifest.parse(HEADER + "d\tf\thttp://x/f\t1\t" + MD5
                + "\nd\tf\thttp://y/f\t2\t" + MD5 + "\n", "m.tsv")).getMessage(), "line 3", "mirror of d/f");
    }
}
