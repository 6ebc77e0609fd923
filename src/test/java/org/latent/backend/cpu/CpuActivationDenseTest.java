package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.tensor.Tensor;

/**
 * Dense rows [n, c] through bias + identity, ReLU and leaky ReLU (the Vector API rows when the
 * module is present): every output and gradient bit as the element formulas give it in float,
 * signed zeros and NaN included, and the bias gradient as each column's sum in double in row order.
 */
class CpuActivationDenseTest {
    private static final CpuBackend CPU = new CpuBackend();

    @Test
    void denseRowsGiveTheElementFormulasBits() {
        SplittableRandom r = new SplittableRandom(11);
        for (int c : new int[] {1, 7, 8, 17, 500}) {
            int n = 13;
            float[] x = new float[n * c], b = new float[c], dy = new float[n * c];
            for (int i = 0; i < x.length; i++) {
                x[i] = switch (i % 11) {
                    case 0 -> -0.0f;
                    case 1 -> Float.NaN;
                    case 2 -> 0f;
                    default -> (float) r.nextGaussian();
                };
                dy[i] = (float) r.nextGaussian();
            }
            for (int k = 0; k < c; k++) b[k] = k % 5 == 0 ? 0f : (float) r.nextGaussian();
            for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU}) {
                float a = act == Activation.LEAKY_RELU ? 0.2f : 1f;
                Tensor xt = CPU.upload(x, n, c), bt = CPU.upload(b, c), y = CPU.allocate(n, c), dyt = CPU.upload(dy, n, c),
                        dx = CPU.allocate(n, c), db = CPU.allocate(c);
                CPU.biasActivationForward(xt, bt, act, a, null, y);
                CPU.biasActivationBackward(xt, bt, act, a, null, y, dyt, dx, db, null);
                float[] yv = y.toArray(), dxv = dx.toArray(), dbv = db.toArray();
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        float z = x[i * c + k] + b[k], d = dy[i * c + k];
                        float wantY = switch (act) {
                            case RELU -> Math.max(z, 0f);
                            case LEAKY_RELU -> z > 0 ? z : a * z;
                            default -> z;
                        };
                        float wantDx = switch (act) {
                            case RELU -> z > 0 ? d : 0f;
                            case LEAKY_RELU -> z > 0 ? d : a * d;
                            default -> d;
                        };
                        String at = act + " c=" + c + " [" + i + ", " + k + "]";
                        assertEquals(Float.floatToRawIntBits(wantY), Float.floatToRawIntBits(yv[i * c + k]), "y " + at);
                        assertEquals(Float.floatToRawIntBits(wantDx), Float.floatToRawIntBits(dxv[i * c + k]), "dx " + at);
                    }
                }
                for (int k = 0; k < c; k++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += dxv[i * c + k];
                    assertEquals(Float.floatToRawIntBits((float) sum), Float.floatToRawIntBits(dbv[k]), "dbias " + act + " column " + k);
                }
            }
        }
    }
}
