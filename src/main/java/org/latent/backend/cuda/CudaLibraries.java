package org.latent.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes JCublas (linked against libcublas.so.12) and JCudnn (libcudnn.so.8) load on whatever major
 * versions are installed. When the system lacks the version a binding was linked against, the
 * matching forwarder from native/ (soname and symbol version of the old library, forwarding to the
 * installed one) is loaded first; the dynamic linker then satisfies the binding's dependency with it.
 * See docs/gpu.md.
 */
final class CudaLibraries {
    private CudaLibraries() {}

    private static Path dir;

    /** Where each library came from, for `latent info`. */
    static final List<String> REPORT = new ArrayList<>();

    static synchronized void prepareCublas() {
        prepare("libcublas.so.12", "liblatent-cublas12.so", "libcublas.so.13");
    }

    static synchronized void prepareCudnn() {
        prepare("libcudnn.so.8", "liblatent-cudnn8.so", "libcudnn.so.9");
    }

    private static final java.util.Set<String> done = new java.util.HashSet<>();

    private static void prepare(String linkedAgainst, String forwarder, String installed) {
        if (!done.add(linkedAgainst)) return;
        if (SystemLibraries.find(linkedAgainst) != null) {
            REPORT.add(linkedAgainst + ": system library " + SystemLibraries.find(linkedAgainst));
            return;
        }
        Path target = SystemLibraries.find(installed);
        if (target == null) {
            throw new CudaException("neither " + linkedAgainst + " nor " + installed
                    + " was found in the dynamic linker's cache or LD_LIBRARY_PATH");
        }
        try {
            System.load(extract(forwarder).toString());
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new CudaException("cannot load the forwarder " + forwarder + " for " + linkedAgainst + ": " + e.getMessage(), e);
        }
        REPORT.add(linkedAgainst + ": forwarded to " + target + " by " + forwarder);
    }

    private static Path extract(String name) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("latent-native");
            dir.toFile().deleteOnExit();
        }
        Path out = dir.resolve(name);
        try (InputStream in = CudaLibraries.class.getResourceAsStream("/native/" + name)) {
            if (in == null) throw new IOException("resource /native/" + name + " is missing (built by native/build.sh; was gcc present?)");
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        out.toFile().deleteOnExit();
        return out;
    }
}
