package org.latent.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Decodes one image file through the JDK's image readers, strictly: a file no reader recognises,
 * a decoder exception, or a decoder warning (how the JPEG reader reports a truncated file) is a
 * {@link DataException} naming the file. A GIF's first frame is read; an interlaced GIF 2 to 4
 * rows high is refused (the JDK decodes it wrongly).
 */
final class ImageDecoder {
    private ImageDecoder() {}

    /** The decoded image. */
    static BufferedImage read(Path file) {
        return withReader(file, r -> {
            List<String> warnings = new ArrayList<>();
            r.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            refuseMisreadGif(file, r);
            // A small file may declare a huge image: at most 8 bytes a pixel (16-bit RGBA) decoded.
            MemoryEstimate.requireHeap(file + " (" + r.getWidth(0) + " x " + r.getHeight(0) + " pixels)",
                    8L * r.getWidth(0) * r.getHeight(0));
            BufferedImage img = r.read(0);
            if (!warnings.isEmpty()) {
                throw new DataException(file + ": corrupt " + r.getFormatName() + " image: the decoder reports \""
                        + warnings.get(0) + "\"");
            }
            return img;
        });
    }

    /** {width, height} from the file's header, without decoding the pixels. */
    static int[] size(Path file) {
        return withReader(file, r -> new int[] {r.getWidth(0), r.getHeight(0)});
    }

    /**
     * The JDK's GIF reader (17 at least) returns wrong rows for interlaced GIFs 2 to 4 rows high
     * (a later interlace pass that starts below the image is mishandled), checked against a
     * separate decoder; such a file is refused rather than misread.
     */
    private static void refuseMisreadGif(Path file, ImageReader r) throws IOException {
        int h = r.getHeight(0);
        if (!r.getFormatName().equalsIgnoreCase("gif") || h < 2 || h > 4) {
            return;
        }
        Node tree = r.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
        for (Node n = tree.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("ImageDescriptor") && n instanceof Element e
                    && "TRUE".equalsIgnoreCase(e.getAttribute("interlaceFlag"))) {
                throw new DataException(file + ": an interlaced GIF " + h + " rows high, which the JDK's GIF decoder"
                        + " misreads; save it without interlacing (or as PNG)");
            }
        }
    }

    private interface ReaderBody<T> {
        T apply(ImageReader r) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderBody<T> body) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw NpyReader.cannotRead(file.toString(), e);
        }
        // A memory-backed stream: ImageIO.createImageInputStream would cache to a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(file + ": not an image any installed decoder recognises ("
                        + bytes.length + " bytes; PNG, JPEG, BMP and GIF are read)");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return body.apply(r);
            } catch (IOException | RuntimeException e) {
                if (e instanceof DataException d) {
                    throw d;
                }
                throw new DataException(file + ": corrupt or unreadable " + r.getFormatName() + " image: " + e, e);
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw NpyReader.cannotRead(file.toString(), e);
        }
    }
}
