import org.latent.backend.Activation;
import org.latent.backend.ConvGeometry.Padding;
import org.latent.config.DataConfig;
import org.latent.config.ModelConfig;
import org.latent.config.OptimizerConfig;
import org.latent.config.RunConfig;
import org.latent.config.TrainingConfig;
import org.latent.model.Vae;
import org.latent.nn.Sequential;
import org.latent.train.Trainer;

/**
 * A β-VAE (β = 4) on MNIST with an encoder and decoder of one's own: two stride-2 convolutions
 * down to a 10-dimensional code, two transposed convolutions back.
 *
 *   java --add-modules jdk.incubator.vector -cp target/latent.jar examples/java/ConvBetaVae.java [--data DIR] [--epochs N] [--stop-after-steps N] [--out DIR]
 */
public class ConvBetaVae {
    static final int LATENT = 10;

    static Sequential encoder(int[] shape) {
        return Sequential.input(shape)
                .conv2d(32, 3, 2, Padding.SAME, Activation.RELU)    // 32 x 14 x 14
                .conv2d(64, 3, 2, Padding.SAME, Activation.RELU)    // 64 x 7 x 7
                .flatten()
                .dense(2 * LATENT)                                  // [mu | log sigma^2]
                .build();
    }

    static Sequential decoder(int[] shape) {
        int side = shape[1] / 4;
        return Sequential.input(LATENT)
                .dense(64 * side * side, Activation.RELU)
                .reshape(64, side, side)
                .convTranspose2d(32, 4, 2, Padding.SAME, Activation.RELU)    // 32 x 14 x 14
                .convTranspose2d(1, 4, 2, Padding.SAME, Activation.IDENTITY)  // logits 1 x 28 x 28
                .build();
    }

    public static void main(String[] args) {
        RunConfig run = RunConfig.builder("conv-beta-vae").seed(1)
                .data(DataConfig.of("mnist").withValidation(5000))
                .model(ModelConfig.of("conv-beta-vae", shape -> new Vae(encoder(shape), decoder(shape)).beta(4f)))
                .optimizer(OptimizerConfig.adam(1e-3))
                .training(TrainingConfig.of(100, 10))
                .build();
        Trainer.Run r = new Trainer(run).options(args).fit();
        System.out.println((r.complete() ? "Done: test loss " + r.summary().get("test_loss") : "Stopped with a checkpoint")
                + "; report " + r.report());
    }
}
