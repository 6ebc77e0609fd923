package org.latent.data;

/**
 * Resizes 8-bit planes with PIL's bilinear filter: a triangle kernel whose support widens by the
 * shrink factor, so shrinking averages every source pixel under an output pixel (antialiased,
 * like torchvision's {@code Resize} on PIL images) and enlarging interpolates linearly. Computed
 * in double, horizontal pass then vertical, rounded once at the end (PIL rounds between the two
 * passes, so results may differ from PIL's by one level). Deterministic: no threads, fixed order.
 */
final class Resampler {
    private Resampler() {}

    /**
     * The window [x0, x0 + windowWidth) x [y0, y0 + windowHeight) of {@code src} (source pixel
     * units, fractional allowed) resampled to outWidth x outHeight.
     */
    static byte[] resample(byte[] src, int srcWidth, int srcHeight, double x0, double y0, double windowWidth,
            double windowHeight, int outWidth, int outHeight) {
        Taps tx = taps(srcWidth, x0, windowWidth, outWidth);
        Taps ty = taps(srcHeight, y0, windowHeight, outHeight);
        double[] rows = new double[srcHeight * outWidth];
        for (int y = 0; y < srcHeight; y++) {
            for (int o = 0; o < outWidth; o++) {
                double s = 0;
                double[] k = tx.weights[o];
                for (int i = 0; i < k.length; i++) {
                    s += (src[y * srcWidth + tx.first[o] + i] & 0xff) * k[i];
                }
                rows[y * outWidth + o] = s;
            }
        }
        byte[] out = new byte[outWidth * outHeight];
        for (int o = 0; o < outHeight; o++) {
            double[] k = ty.weights[o];
            for (int x = 0; x < outWidth; x++) {
                double s = 0;
                for (int i = 0; i < k.length; i++) {
                    s += rows[(ty.first[o] + i) * outWidth + x] * k[i];
                }
                out[o * outWidth + x] = (byte) Math.max(0, Math.min(255, Math.round(s)));
            }
        }
        return out;
    }

    /** The centred outWidth x outHeight window of {@code src}, copied (offsets round down). */
    static byte[] crop(byte[] src, int srcWidth, int srcHeight, int outWidth, int outHeight) {
        int left = (srcWidth - outWidth) / 2;
        int top = (srcHeight - outHeight) / 2;
        byte[] out = new byte[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            System.arraycopy(src, (top + y) * srcWidth + left, out, y * outWidth, outWidth);
        }
        return out;
    }

    /** For each output index: the first source index and the normalized weights from there on. */
    private record Taps(int[] first, double[][] weights) {}

    /** PIL's precompute_coeffs with the bilinear filter (support 1). */
    private static Taps taps(int inSize, double in0, double window, int outSize) {
        double scale = window / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale;
        int[] first = new int[outSize];
        double[][] weights = new double[outSize][];
        for (int o = 0; o < outSize; o++) {
            double center = in0 + (o + 0.5) * scale;
            // (int) truncates toward zero, as PIL's C cast does.
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            double[] k = new double[Math.max(max - min, 0)];
            double sum = 0;
            for (int i = 0; i < k.length; i++) {
                double t = Math.abs((min + i - center + 0.5) / filterScale);
                k[i] = t < 1 ? 1 - t : 0;
                sum += k[i];
            }
            for (int i = 0; i < k.length; i++) {
                k[i] /= sum;
            }
            first[o] = min;
            weights[o] = k;
        }
        return new Taps(first, weights);
    }
}
