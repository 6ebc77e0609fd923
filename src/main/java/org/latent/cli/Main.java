package org.latent.cli;

import java.util.Arrays;

/** The `latent` command. */
public final class Main {
    private Main() {}

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("latent: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(usage());
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "info":
                return Info.run(System.out);
            default:
                throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + usage());
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: latent COMMAND [options]",
                "  info     Java, OS, cores, GPU, driver, CUDA, cuBLAS and cuDNN status");
    }
}
