import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.config.DataConfig;
import org.latent.config.ModelConfig;
import org.latent.config.OptimizerConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.model.Gan;
import org.latent.nn.Sequential;
import org.latent.train.Trainer;

/**
 * A DCGAN on MNIST whose generator and discriminator are built here, with batch normalization in the
 * generator (unlike E6) and a wider discriminator. The run gets the GAN monitor's sample grids,
 * interpolation strips and collapse warnings like the built-in family.
 *
 *   java --add-modules jdk.incubator.vector -cp target/latent.jar examples/java/Dcgan.java [--data DIR] [--epochs N] [--stop-after-steps N] [--out DIR]
 */
public class Dcgan {
    static final int LATENT = 64;

    static Sequential generator() {
        return Sequential.input(LATENT)
                .dense(128 * 7 * 7).reshape(128, 7, 7).batchNorm().activation(Activation.LEAKY_RELU, 0.2f)
                .convTranspose2d(64, 4, 2, Padding.SAME, Activation.IDENTITY).batchNorm().activation(Activation.LEAKY_RELU, 0.2f)
                .convTranspose2d(1, 4, 2, Padding.SAME, Activation.SIGMOID)    // pixels in [0, 1], 1 x 28 x 28
                .build();
    }

    static Sequential discriminator(int[] shape) {
        return Sequential.input(shape)
                .conv2d(64, 4, 2, Padding.SAME, Activation.LEAKY_RELU, 0.2f).dropout(0.3f)
                .conv2d(128, 4, 2, Padding.SAME, Activation.LEAKY_RELU, 0.2f).dropout(0.3f)
                .flatten()
                .dense(1)                                                       // the logit
                .build();
    }

    public static void main(String[] args) {
        RunConfig run = RunConfig.builder("my-dcgan").seed(1)
                .data(DataConfig.of("mnist").withValidation(0))
                .model(ModelConfig.of("my-dcgan", shape -> new Gan(generator(), discriminator(shape), LATENT)))
                .optimizer(new OptimizerConfig.AdamConfig(2e-4, 0.5, 0.999, 1e-8))
                .training(TrainingConfig.of(64, 5))
                .build();
        Trainer.Run r = new Trainer(run).options(args).fit();
        System.out.println((r.complete() ? "Done: test loss " + r.summary().get("test_loss") : "Stopped with a checkpoint")
                + "; report " + r.report());
    }
}
