package org.latent.runs;

import java.nio.file.Path;

/** A second process for RunFolderTest: takes the lock of the folder in args[0], says "locked", holds it until stdin closes. */
public final class RunFolderLockHolder {
    private RunFolderLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RunFolder.Lock lock = new RunFolder(Path.of(args[0])).lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin or kills us.
            }
        }
    }
}
