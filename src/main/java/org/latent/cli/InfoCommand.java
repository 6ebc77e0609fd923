package org.latent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `latent info`. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Shows Java, OS, cores, the GPU stack and where data is looked for.",
                "GPU stack: driver, CUDA, cuBLAS and cuDNN as found."})
final class InfoCommand implements Callable<Integer> {
    private final Console console;

    InfoCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        return Info.run(console.out());
    }
}
