package org.latent.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes read as one image of an image folder (the path ImageFolder.load takes for each file:
 * the header's size, the decode, the grey and RGB planes, a resize and a center crop) give pixels
 * or a DataException naming the file, nothing else. The JDK's decoders (PNG, JPEG, BMP, GIF) are
 * not instrumented (src/test/resources/junit-platform.properties), so the fuzzer sees only our
 * code's coverage and mutates blindly inside the decoders. The normal test suite runs the inputs
 * in ImageDecoderFuzzTestInputs/; the fuzzer:
 * {@code JAZZER_FUZZ=1 mvn -B -o surefire:test@fuzz-regression -Dtest=ImageDecoderFuzzTest}.
 */
@Tag("fuzz")
class ImageDecoderFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyBytesGivePixelsOrADataException(byte[] bytes) throws IOException {
        if (file == null) file = Files.createTempFile("latent-fuzz", ".png");
        Files.write(file, bytes);
        try {
            ImageDecoder.size(file);
            BufferedImage img = ImageDecoder.read(file);
            int w = img.getWidth(), h = img.getHeight();
            for (int channels : new int[] {1, 3}) {
                byte[][] planes = ImagePixels.planes(img, channels);
                for (byte[] p : planes) {
                    Resampler.resample(p, w, h, 0, 0, w, h, 5, 3);
                    if (w >= 2 && h >= 2) Resampler.crop(p, w, h, 2, 2);
                }
            }
        } catch (DataException expected) {
            // The decoder's failure, named for the file.
        }
    }
}
