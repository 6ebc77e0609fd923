package org.latent.cli;

import java.io.PrintStream;
import org.latent.backend.cpu.CpuThreads;
import org.latent.backend.cuda.CudaBackend;
import org.latent.backend.cuda.CudaInfo;
import org.latent.data.DataStore;

/** `latent info`: the machine, the JVM and what the GPU backend can use. */
final class Info {
    private Info() {}

    static int run(PrintStream out) {
        Runtime rt = Runtime.getRuntime();
        out.printf("Latent     %s%n", Main.version());
        out.printf("Java       %s (%s), max heap %d MiB%n", System.getProperty("java.version"), System.getProperty("java.vendor"),
                rt.maxMemory() >> 20);
        out.printf("OS         %s %s (%s)%n", System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        out.printf("CPU        %d cores, engine threads %d (LATENT_THREADS)%n", rt.availableProcessors(), CpuThreads.threads());
        try (CudaBackend gpu = CudaBackend.open(0)) {
            for (String line : CudaInfo.describe(gpu)) out.println(line);
        } catch (RuntimeException | LinkageError e) {
            out.println("GPU        unavailable: " + e.getMessage());
        }
        String folder = System.getenv(DataStore.ENV);
        out.println(folder != null && !folder.isBlank()
                ? "Data       " + folder + " (" + DataStore.ENV + "; nothing is downloaded)"
                : "Data       " + DataStore.defaultCacheFolder() + " (download cache; set " + DataStore.ENV
                        + " or pass --data to use a local copy)");
        return 0;
    }
}
