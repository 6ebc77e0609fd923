import java.nio.file.Path;
import org.latent.backend.Backend;
import org.latent.backend.Backends;
import org.latent.data.DataStore;
import org.latent.data.Split;
import org.latent.data.Splits;
import org.latent.model.ModelContext;
import org.latent.model.Vae;
import org.latent.optim.Adam;
import org.latent.rng.Philox;
import org.latent.rng.RandomKey;
import org.latent.tensor.Tensor;

/**
 * E1 end to end: the MLP VAE (latent J) on MNIST 55k/5k/10k, batch 100, Adam 1e-3, for a number of
 * epochs on one device; prints the training loss and wall time of every epoch and the final test
 * -ELBO. The training set is uploaded once; each epoch's Philox permutation is uploaded as an index
 * tensor and batches are gathered on the device.
 * Usage: VaeEpochs DATA_DIR DEVICE EPOCHS [J]
 */
public final class VaeEpochs {
    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        String device = args[1];
        int epochs = Integer.parseInt(args[2]), latent = args.length > 3 ? Integer.parseInt(args[3]) : 20, batch = 100;
        Backends.Choice choice = Backends.open(device);
        Backend b = choice.backend();
        if (choice.fallbackReason() != null) System.out.println(choice.fallbackReason());
        Split split = Splits.tensorflowMnist(DataStore.localFolder(data).mnist());
        int n = split.train().size();
        Tensor train = b.upload(split.train().featuresCopy(), n, 784);
        Tensor test = b.upload(split.test().featuresCopy(), split.test().size(), 784);
        Tensor order = b.allocate(n), x = b.allocate(batch, 784);
        Vae vae = Vae.e1(latent);
        ModelContext.build(vae, b, new int[] {784}, batch, 1, p -> new Adam(p, 1e-3f));
        System.out.printf("E1 VAE J=%d on %s, %d training images, batch %d%n", latent, b.name(), n, batch);
        System.out.println("epoch,train_loss,seconds");
        double loss = Double.NaN;
        for (int e = 1; e <= epochs; e++) {
            long t0 = System.nanoTime();
            int[] perm = Philox.permutation(n, new RandomKey(1, 7, e));
            float[] f = new float[n];
            for (int i = 0; i < n; i++) f[i] = perm[i];
            b.write(f, order);
            for (int s = 0; s + batch <= n; s += batch) {
                b.gatherRows(train, order, s, x);
                vae.trainStep(x, x);
            }
            loss = vae.takeMeanLoss();
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d,%.4f,%.3f%n", e, loss, sec);
        }
        System.out.printf("final train loss %.4f, test -ELBO %.4f%n", loss, vae.evaluate(test, test));
    }
}
