package org.latent.backend.cuda;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds a shared library the way the dynamic linker would: LD_LIBRARY_PATH, then ldconfig's cache. */
final class SystemLibraries {
    private SystemLibraries() {}

    static Path find(String soname) {
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (d.isEmpty()) continue;
                Path p = Path.of(d, soname);
                if (Files.exists(p)) return p;
            }
        }
        for (String ldconfig : new String[] {"/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"}) {
            try {
                Process proc = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                Path found = null;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        String t = line.trim();
                        if (found == null && t.startsWith(soname + " ") && t.contains("=>")) {
                            found = Path.of(t.substring(t.indexOf("=>") + 2).trim());
                        }
                    }
                }
                proc.waitFor(10, TimeUnit.SECONDS);
                return found;
            } catch (Exception e) {
                // try the next location of ldconfig
            }
        }
        return null;
    }
}
