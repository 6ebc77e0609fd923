package org.latent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `latent info`. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Java, OS, cores, GPU, driver, CUDA, cuBLAS and cuDNN status, and where data is looked for.")
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
