package org.latent.backend.cpu;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
/**
 * The harness behind the CpuConvOneOutput timings in README.md: forward and filter gradient at E6's
 * last generator layer (128 -> 1, 7x7, 28x28, batch 256), medians of 9 after 3 warm-ups, and a hash
 * of each result's bits. Run on two builds' classes in turn, e.g.
 *   javac -d /tmp/t -cp target/classes --add-modules jdk.incubator.vector bench/results/cpu-conv-stride2/OneOutputTiming.java
 *   java --add-modules jdk.incubator.vector -cp BUILD/classes-or-jar:/tmp/t org.latent.backend.cpu.OneOutputTiming
 */
public class OneOutputTiming { public static void main(String[] a) {
  ConvGeometry g = ConvGeometry.of(256, 128, 28, 28, 1, 7, 7, 1, Padding.SAME);
  java.util.Random r = new java.util.Random(1);
  float[] x = new float[g.n()*128*784], w = new float[128*49], y = new float[g.n()*784], dy = new float[g.n()*784], dw = new float[w.length];
  for (int i=0;i<x.length;i++) x[i]=(float) r.nextGaussian(); for (int i=0;i<w.length;i++) w[i]=(float) r.nextGaussian(); for (int i=0;i<dy.length;i++) dy[i]=(float) r.nextGaussian();
  int reps = 9; double[] f = new double[reps], b = new double[reps];
  for (int rep = 0; rep < reps + 3; rep++) {
    long t0 = System.nanoTime(); CpuConvOneOutput.forward(x, 0, w, 0, y, 0, g);
    long t1 = System.nanoTime(); CpuConvOneOutput.backwardFilter(x, 0, dy, 0, dw, 0, g);
    long t2 = System.nanoTime();
    if (rep >= 3) { f[rep-3] = (t1-t0)/1e6; b[rep-3] = (t2-t1)/1e6; }
  }
  long h = 0, hw = 0; for (float v : y) h = h*31 + Float.floatToRawIntBits(v); for (float v : dw) hw = hw*31 + Float.floatToRawIntBits(v); System.out.printf("y %x dw %x%n", h, hw);
  java.util.Arrays.sort(f); java.util.Arrays.sort(b);
  System.out.printf("E6 7x7 128->1 n256: forward %.1f ms, filter gradient %.1f ms (medians of %d), bits %x%n", f[reps/2], b[reps/2], reps, h);
}}
