package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latent.backend.Activation;
import org.latent.tensor.Tensor;

/**
 * Convolution outputs [n, c, h, w] through bias + ReLU, leaky ReLU, PReLU and identity (the Vector
 * API runs when the module is present, the bias gradient four channels at a time): every output and
 * gradient bit as the element formulas give it in float, signed zeros and NaN included, and each
 * channel's bias gradient as its sum in double in (example, position) order.
 */
class CpuActivationSpatialTest {
    private static final CpuBackend CPU = new CpuBackend();

    @Test
    void spatialRunsGiveTheElementFormulasBits() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] shape : new int[][] {{3, 1, 2, 2}, {2, 5, 3, 3}, {4, 7, 5, 5}, {2, 64, 26, 26}, {3, 9, 1, 17}}) {
            int n = shape[0], c = shape[1], s = shape[2] * shape[3];
            float[] x = new float[n * c * s], b = new float[c], dy = new float[n * c * s], slope = new float[c];
            for (int i = 0; i < x.length; i++) {
                x[i] = switch (i % 13) {
                    case 0 -> -0.0f;
                    case 1 -> Float.NaN;
                    case 2 -> 0f;
                    default -> (float) r.nextGaussian();
                };
                dy[i] = i % 17 == 0 ? -0f : (float) r.nextGaussian() * (i % 3 == 0 ? 1e6f : 1f);
            }
            for (int k = 0; k < c; k++) {
                b[k] = k % 5 == 0 ? 0f : (float) r.nextGaussian();
                slope[k] = (float) r.nextGaussian() * 0.1f;
            }
            for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU, Activation.PRELU}) {
                float alpha = 0.2f;
                Tensor xt = CPU.upload(x, shape), bt = CPU.upload(b, c), y = CPU.allocate(shape), dyt = CPU.upload(dy, shape),
                        dx = CPU.allocate(shape), db = CPU.allocate(c);
                Tensor st = act == Activation.PRELU ? CPU.upload(slope, c) : null;
                CPU.biasActivationForward(xt, bt, act, alpha, st, y);
                CPU.biasActivationBackward(xt, bt, act, alpha, st, y, dyt, dx, db, null);
                float[] yv = y.toArray(), dxv = dx.toArray(), dbv = db.toArray();
                for (int i = 0; i < n; i++) {
                    for (int ch = 0; ch < c; ch++) {
                        float a = act == Activation.PRELU ? slope[ch] : alpha;
                        for (int k = 0; k < s; k++) {
                            int at = (i * c + ch) * s + k;
                            float z = x[at] + b[ch], d = dy[at];
                            float wantY = switch (act) {
                                case RELU -> Math.max(z, 0f);
                                case LEAKY_RELU, PRELU -> z > 0 ? z : a * z;
                                default -> z;
                            };
                            float wantDx = switch (act) {
                                case RELU -> z > 0 ? d : 0f;
                                case LEAKY_RELU, PRELU -> z > 0 ? d : a * d;
                                default -> d;
                            };
                            String where = act + " " + java.util.Arrays.toString(shape) + " at " + at;
                            assertEquals(Float.floatToRawIntBits(wantY), Float.floatToRawIntBits(yv[at]), "y " + where);
                            assertEquals(Float.floatToRawIntBits(wantDx), Float.floatToRawIntBits(dxv[at]), "dx " + where);
                        }
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        for (int k = 0; k < s; k++) sum += dxv[(i * c + ch) * s + k];
                    }
                    assertEquals(Float.floatToRawIntBits((float) sum), Float.floatToRawIntBits(dbv[ch]),
                            "dbias " + act + " " + java.util.Arrays.toString(shape) + " channel " + ch);
                }
            }
        }
    }
}
