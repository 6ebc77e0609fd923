package org.latent.backend.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/** The kernels: one module per op family, loaded from the fatbins that kernels/build.sh puts in the jar. */
final class CudaModules {
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    static boolean available(String family) {
        return CudaModules.class.getResource("/kernels/" + family + ".fatbin") != null;
    }

    CUfunction function(String family, String name) {
        String key = family + "/" + name;
        CUfunction f = functions.get(key);
        if (f != null) return f;
        CUmodule m = modules.computeIfAbsent(family, CudaModules::load);
        f = new CUfunction();
        CudaCheck.driver(cuModuleGetFunction(f, m, name), "cuModuleGetFunction", family + ".fatbin", name);
        functions.put(key, f);
        return f;
    }

    private static CUmodule load(String family) {
        byte[] image;
        try (InputStream in = CudaModules.class.getResourceAsStream("/kernels/" + family + ".fatbin")) {
            if (in == null) {
                throw new CudaException("kernel module /kernels/" + family + ".fatbin is not in the jar: the build had no nvcc"
                        + " (kernels/build.sh); rebuild with the CUDA toolkit installed");
            }
            image = in.readAllBytes();
        } catch (IOException e) {
            throw new CudaException("cannot read kernel module " + family + ".fatbin: " + e.getMessage(), e);
        }
        CUmodule m = new CUmodule();
        CudaCheck.driver(cuModuleLoadData(m, image), "cuModuleLoadData", family + ".fatbin");
        return m;
    }
}
