package org.latent.backend;

import org.latent.backend.cpu.CpuBackend;
import org.latent.backend.cuda.CudaBackend;

/** Chooses a backend from a device name: "cpu", "cuda", "cuda:N" or "auto". */
public final class Backends {
    private Backends() {}

    /** The chosen backend and, when "auto" fell back to the CPU, the one-line reason (else null). */
    public record Choice(Backend backend, String fallbackReason) {}

    public static Choice open(String device) {
        String d = device == null ? "auto" : device.trim().toLowerCase();
        if (d.equals("cpu")) return new Choice(new CpuBackend(), null);
        if (d.equals("cuda") || d.startsWith("cuda:")) return new Choice(CudaBackend.open(cudaIndex(d)), null);
        if (!d.equals("auto")) {
            throw new IllegalArgumentException("device '" + device + "' is not one of auto, cpu, cuda, cuda:N");
        }
        try {
            return new Choice(CudaBackend.open(0), null);
        } catch (RuntimeException | LinkageError e) {
            return new Choice(new CpuBackend(), "no usable GPU, running on the CPU: " + e.getMessage());
        }
    }

    private static int cudaIndex(String d) {
        if (d.equals("cuda")) return 0;
        try {
            return Integer.parseInt(d.substring(5));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device '" + d + "': expected cuda:N with N a device number");
        }
    }
}
