package org.latent.viz;

/** Figures are drawn off-screen; AWT must know that before its first use. */
final class Headless {
    private Headless() {}

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
