package org.latent.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Error-message checks shared by the reader tests. */
final class DataAsserts {
    private DataAsserts() {}

    /** Runs {@code body}, expects a DataException, and checks its message names every part. */
    static String assertDataError(Executable body, String... parts) {
        String m = assertThrows(DataException.class, body).getMessage();
        for (String p : parts) {
            assertTrue(m.contains(p), () -> "message lacks \"" + p + "\": " + m);
        }
        return m;
    }
}
