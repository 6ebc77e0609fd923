package org.latent.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * CpuThreads.parallelFor: every index once, the chunk boundaries fixed by (n, threads) whoever
 * runs them, a body's exception reaching the caller (and the pool working afterwards), and calls
 * nested in a body or made from several application threads at once.
 */
class CpuThreadsTest {
    /** Large enough that parallelFor splits into threads() chunks. */
    private static final long COST = 1_000_000;

    @Test
    void coversEveryIndexOnceInFixedChunks() {
        for (int n : new int[] {1, 2, 3, 7, 100, 4099}) {
            for (int round = 0; round < 50; round++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                ConcurrentLinkedQueue<String> chunks = new ConcurrentLinkedQueue<>();
                CpuThreads.parallelFor(n, COST, (s, e) -> {
                    chunks.add(s + "-" + e);
                    for (int i = s; i < e; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n " + n + ", index " + i);
                int parts = Math.min(CpuThreads.threads(), n);
                List<String> expected = new ArrayList<>();
                for (int p = 0; p < parts; p++) expected.add((long) n * p / parts + "-" + (long) n * (p + 1) / parts);
                List<String> got = new ArrayList<>(chunks);
                got.sort(null);
                expected.sort(null);
                assertEquals(expected, got, "chunks of n " + n);
            }
        }
    }

    @Test
    void aBodysExceptionReachesTheCallerAndThePoolGoesOn() {
        IllegalStateException thrown = new IllegalStateException("chunk failed");
        int n = 64;
        IllegalStateException caught = assertThrows(IllegalStateException.class, () ->
                CpuThreads.parallelFor(n, COST, (s, e) -> {
                    if (e == n) throw thrown;
                }));
        assertSame(thrown, caught);
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        CpuThreads.parallelFor(n, COST, (s, e) -> {
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void nestedCallsRunInsideTheBody() {
        int outer = 8, inner = 1000;
        AtomicIntegerArray hits = new AtomicIntegerArray(outer * inner);
        CpuThreads.parallelFor(outer, COST, (s, e) -> {
            for (int o = s; o < e; o++) {
                int base = o * inner;
                CpuThreads.parallelFor(inner, COST, (a, b) -> {
                    for (int i = a; i < b; i++) hits.incrementAndGet(base + i);
                });
            }
        });
        for (int i = 0; i < outer * inner; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    @Test
    void callsFromSeveralApplicationThreadsAtOnce() throws InterruptedException {
        int callers = 4, n = 2000, rounds = 200;
        long[][] sums = new long[callers][rounds];
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int caller = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        long[] partial = new long[n];
                        CpuThreads.parallelFor(n, COST, (s, e) -> {
                            for (int i = s; i < e; i++) partial[i] = i + caller;
                        });
                        long sum = 0;
                        for (long v : partial) sum += v;
                        sums[caller][r] = sum;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) t.join();
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        for (int t = 0; t < callers; t++) {
            long expected = (long) n * (n - 1) / 2 + (long) n * t;
            for (int r = 0; r < rounds; r++) assertEquals(expected, sums[t][r], "caller " + t + ", round " + r);
        }
    }
}
