package org.latent.data;

/** Ways to carve a validation set out of a training set. */
public final class Splits {
    /**
     * Validation images MNIST's TensorFlow loader (tensorflow.examples.tutorials.mnist.input_data)
     * took from the end of the 60,000 training images, leaving 55,000 for training (experiment E1).
     */
    public static final int TENSORFLOW_MNIST_VALIDATION = 5000;

    private Splits() {}

    /**
     * The last {@code validation} training examples as the validation set, the ones before them as
     * the training set, in file order (no shuffling); the test set unchanged.
     */
    public static Split holdOutLast(TrainTest data, int validation) {
        Dataset all = data.train();
        if (validation < 0 || validation > all.size()) {
            throw new IllegalArgumentException("cannot hold out " + validation + " of the " + all.size()
                    + " examples of " + all.name());
        }
        int cut = all.size() - validation;
        String base = all.name().endsWith("-train") ? all.name().substring(0, all.name().length() - 6) : all.name();
        return new Split(all.range(0, cut).named(base + "-train"),
                all.range(cut, all.size()).named(base + "-validation"), data.test());
    }

    /** E1's split: first 55,000 training images to train, last 5,000 to validate, t10k to test. */
    public static Split tensorflowMnist(TrainTest mnist) {
        return holdOutLast(mnist, TENSORFLOW_MNIST_VALIDATION);
    }
}
