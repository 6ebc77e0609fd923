/*
 * Times OpenBLAS cblas_sgemm on every shape of shapes.txt with the method of CpuGemmBench.java:
 * row-major C = op(A) * op(B), alpha 1, beta 0, random inputs; warm-up, then SAMPLES timed samples
 * of enough back-to-back calls to last at least SAMPLE_SECONDS; prints the median per-call time as
 * GFLOP/s, one tab-separated line per shape (label, GFLOP/s). (The Java side's extra first pass over
 * all shapes only lets the JIT see every code path; compiled C needs none.)
 *
 * Build: gcc -O2 -o openblas_sgemm openblas_sgemm.c -lopenblas
 * Run:   OPENBLAS_NUM_THREADS=2 ./openblas_sgemm shapes.txt
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAMPLES 11
#define SAMPLE_SECONDS 0.020
#define WARMUP_SECONDS 0.300

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float *random_matrix(long count) {
    float *x = malloc(count * sizeof(float));
    if (!x) {
        fprintf(stderr, "openblas_sgemm: out of memory allocating %ld floats\n", count);
        exit(1);
    }
    for (long i = 0; i < count; i++) x[i] = (float) rand() / RAND_MAX * 2.0f - 1.0f;
    return x;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s shapes.txt\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    /* The kernel OpenBLAS's DYNAMIC_ARCH chose (OPENBLAS_CORETYPE overrides it), for the record. */
    fprintf(stderr, "openblas_sgemm: core %s (%s)\n", openblas_get_corename(), openblas_get_config());
    srand(42);
    char line[512], label[128], opA[8], opB[8];
    int m, n, k;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, " %127s %7s %7s %d %d %d", label, opA, opB, &m, &n, &k) != 6 || label[0] == '#') continue;
        int transA = strcmp(opA, "T") == 0, transB = strcmp(opB, "T") == 0;
        float *a = random_matrix((long) m * k), *b = random_matrix((long) k * n), *c = calloc((size_t) m * n, sizeof(float));
        int lda = transA ? m : k, ldb = transB ? k : n;
        enum CBLAS_TRANSPOSE ta = transA ? CblasTrans : CblasNoTrans, tb = transB ? CblasTrans : CblasNoTrans;

        double start = now();
        long per_sample = 0;
        while (now() - start < WARMUP_SECONDS || per_sample < 3) {
            cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
            per_sample++;
        }
        per_sample = (long) (per_sample * SAMPLE_SECONDS / (now() - start));
        if (per_sample < 1) per_sample = 1;
        double seconds_per_call[SAMPLES];
        for (int r = 0; r < SAMPLES; r++) {
            double t0 = now();
            for (long i = 0; i < per_sample; i++) {
                cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
            }
            seconds_per_call[r] = (now() - t0) / per_sample;
        }
        qsort(seconds_per_call, SAMPLES, sizeof(double), compare_doubles);
        printf("%s\t%.2f\n", label, 2.0 * m * n * k / seconds_per_call[SAMPLES / 2] / 1e9);
        fflush(stdout);
        free(a);
        free(b);
        free(c);
    }
    fclose(f);
    return 0;
}
