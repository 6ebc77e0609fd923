package org.latent.backend.cpu;
import org.latent.backend.ConvGeometry;
import org.latent.backend.ConvGeometry.Padding;
/**
 * CpuIm2col's unfold and foldAdd against their loops of main before 2026-12-08 (written out here:
 * scalar at stride 2, CpuIm2colVector's row copy and add at stride 1), in one JVM, alternating, at
 * the shapes of E5, E6 and E8, a chunk of examples at a time as CpuConv's GEMM paths run them, on
 * CpuThreads' pool. Prints medians of 11 runs after 2 s of warm-up, the median of the paired ratios,
 * and whether both gave the same bits. Run after {@code mvn test-compile}:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes org.latent.backend.cpu.Im2colBenchmark}
 */
public final class Im2colBenchmark {
  public static void main(String[] a) {
    run("E5 conv2 3x3 13->11 (n128)", ConvGeometry.of(128, 64, 13, 13, 64, 3, 3, 1, Padding.VALID));
    run("E8 convT 4x4 s2 7->14 (n100)", ConvGeometry.of(100, 16, 14, 14, 32, 4, 4, 2, Padding.SAME));
    run("E6 G 4x4 s2 14->28 (n256)", ConvGeometry.of(256, 128, 28, 28, 128, 4, 4, 2, Padding.SAME));
    run("E6 G 4x4 s2 7->14 (n256)", ConvGeometry.of(256, 128, 14, 14, 128, 4, 4, 2, Padding.SAME));
    run("E6 D 3x3 s2 14->7 (n256)", ConvGeometry.of(256, 64, 14, 14, 64, 3, 3, 2, Padding.SAME));
  }
  static void oldUnfold(float[] x, ConvGeometry g, int r0, int r1, float[] flat, int flatOffset, int ld) {
    int outH = g.outH(), outW = g.outW(), imageSize = g.cIn() * g.h() * g.w(), sw = g.strideW();
    for (int ci = 0, k = 0; ci < g.cIn(); ci++) for (int ky = 0; ky < g.kh(); ky++) for (int kx = 0; kx < g.kw(); kx++, k++) {
      int base = flatOffset + k * ld, oxLo = CpuIm2col.firstInside(kx, g.padLeft(), sw, outW), oxHi = CpuIm2col.endInside(kx, g.padLeft(), sw, g.w(), outW);
      for (int r = r0, n = r0 / outH, oy = r0 % outH; r < r1; r++) {
        int iy = oy * g.strideH() - g.padTop() + ky, t0 = base + (r - r0) * outW;
        if (iy < 0 || iy >= g.h() || oxLo >= oxHi) java.util.Arrays.fill(flat, t0, t0 + outW, 0f);
        else { int src = n * imageSize + (ci * g.h() + iy) * g.w() - g.padLeft() + kx;
          for (int i = t0; i < t0 + oxLo; i++) flat[i] = 0f;
          if (sw == 1) CpuIm2colVector.copy(x, src + oxLo, flat, t0 + oxLo, oxHi - oxLo, base + (r1 - r0) * outW); else for (int ox = oxLo; ox < oxHi; ox++) flat[t0 + ox] = x[src + ox * sw];
          for (int i = t0 + oxHi; i < t0 + outW; i++) flat[i] = 0f; }
        if (++oy == outH) { oy = 0; n++; }
      }
    }
  }
  static void oldFold(float[] flat, int flatOffset, int ld, ConvGeometry g, int r0, int r1, float[] dx) {
    int outH = g.outH(), outW = g.outW(), imageSize = g.cIn() * g.h() * g.w(), sw = g.strideW();
    for (int ci = 0, k = 0; ci < g.cIn(); ci++) for (int ky = 0; ky < g.kh(); ky++) for (int kx = 0; kx < g.kw(); kx++, k++) {
      int base = flatOffset + k * ld, oxLo = CpuIm2col.firstInside(kx, g.padLeft(), sw, outW), oxHi = CpuIm2col.endInside(kx, g.padLeft(), sw, g.w(), outW);
      for (int r = r0, n = r0 / outH, oy = r0 % outH; r < r1; r++) {
        int iy = oy * g.strideH() - g.padTop() + ky, t0 = base + (r - r0) * outW;
        if (iy >= 0 && iy < g.h()) { int dst = n * imageSize + (ci * g.h() + iy) * g.w() - g.padLeft() + kx;
          if (sw == 1) CpuIm2colVector.add(flat, t0 + oxLo, dx, dst + oxLo, oxHi - oxLo, n * imageSize + (ci + 1) * g.h() * g.w());
          else for (int ox = oxLo; ox < oxHi; ox++) dx[dst + ox * sw] += flat[t0 + ox]; }
        if (++oy == outH) { oy = 0; n++; }
      }
    }
  }
  static void run(String name, ConvGeometry g) {
    int patch = g.cIn()*g.kh()*g.kw(), ohw = g.outH()*g.outW(), outH = g.outH(), imageSize = g.cIn()*g.h()*g.w();
    int chunk = CpuConv.examplesPerChunk(g, patch);
    java.util.Random rnd = new java.util.Random(1);
    float[] x = new float[g.n()*imageSize]; for (int i=0;i<x.length;i++) x[i]=(float) rnd.nextGaussian();
    float[] colsA = new float[patch*chunk*ohw], colsB = new float[colsA.length];
    float[] dxA = new float[x.length], dxB = new float[x.length];
    int reps = 11; double[][] t = new double[4][reps];
    boolean same = true;
    // Warm-up: two runs, and more until two seconds have passed (small shapes recompile late).
    long warmEnd = System.nanoTime() + 2_000_000_000L;
    int warm = 0;
    for (int rep = 0; rep < reps + 2; rep++) {
      if (rep == 2 && warm < 100 && System.nanoTime() < warmEnd) { rep = 0; warm++; }
      long[] ns = new long[4];
      for (int n0 = 0; n0 < g.n(); n0 += chunk) {
        int first = n0, count = Math.min(chunk, g.n() - n0), width = count * ohw;
        long t0 = System.nanoTime();
        CpuThreads.parallelFor(count, (long) patch*ohw, (e0,e1)->oldUnfold(x, g, (first+e0)*outH, (first+e1)*outH, colsA, e0*ohw, width));
        long t1 = System.nanoTime();
        CpuThreads.parallelFor(count, (long) patch*ohw, (e0,e1)->CpuIm2col.unfold(x, 0, g, 0, g.cIn(), (first+e0)*outH, (first+e1)*outH, colsB, e0*ohw, width));
        long t2 = System.nanoTime();
        same &= java.util.Arrays.equals(colsA, 0, patch*width, colsB, 0, patch*width);
        CpuThreads.parallelFor(count, (long) patch*ohw, (e0,e1)->{ java.util.Arrays.fill(dxA,(first+e0)*imageSize,(first+e1)*imageSize,0f); oldFold(colsA, e0*ohw, width, g, (first+e0)*outH, (first+e1)*outH, dxA);});
        long t3 = System.nanoTime();
        CpuThreads.parallelFor(count, (long) patch*ohw, (e0,e1)->{ java.util.Arrays.fill(dxB,(first+e0)*imageSize,(first+e1)*imageSize,0f); CpuIm2col.foldAdd(colsB, e0*ohw, width, g, 0, g.cIn(), (first+e0)*outH, (first+e1)*outH, dxB, 0);});
        long t4 = System.nanoTime();
        ns[0] += t1-t0; ns[1] += t2-t1; ns[2] += t3-t2; ns[3] += t4-t3;
      }
      if (rep >= 2) for (int i = 0; i < 4; i++) t[i][rep-2] = ns[i]/1e6;
    }
    same &= java.util.Arrays.equals(dxA, dxB);
    double[] ru = new double[reps], rf = new double[reps];
    for (int i = 0; i < reps; i++) { ru[i] = t[0][i]/t[1][i]; rf[i] = t[2][i]/t[3][i]; }
    for (double[] d : t) java.util.Arrays.sort(d); java.util.Arrays.sort(ru); java.util.Arrays.sort(rf);
    System.out.printf("%-28s unfold: scalar %6.1f ms, vector %6.1f ms, paired %.2fx | fold: scalar %6.1f ms, vector %6.1f ms, paired %.2fx | %s%n",
      name, t[0][reps/2], t[1][reps/2], ru[reps/2], t[2][reps/2], t[3][reps/2], rf[reps/2], same ? "same bits" : "BITS DIFFER");
  }
}
