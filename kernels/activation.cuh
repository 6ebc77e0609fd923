// Activation codes and the numerically stable functions shared by activation.cu and loss.cu.
// Twin of the helpers in backend/cpu/CpuActivation.java; computed in double as there.
#pragma once

// Activation.code() (the enum's ordinal, backend/Activation.java).
enum ActivationCode {
    ACT_IDENTITY = 0,
    ACT_STEP = 1,
    ACT_SIGMOID = 2,
    ACT_TANH = 3,
    ACT_RELU = 4,
    ACT_LEAKY_RELU = 5,
    ACT_PRELU = 6,
    ACT_ELU = 7,
    ACT_SOFTPLUS = 8,
    ACT_HARD_TANH = 9,
    ACT_EXP = 10,
    ACT_SOFTMAX = 11
};

// 1 / (1 + exp(-z)) without overflow for large |z|.
__device__ inline double stable_sigmoid(double z) {
    if (z >= 0.0) return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

// log(1 + exp(z)) without overflow for large z or loss of precision for very negative z.
__device__ inline double stable_softplus(double z) {
    return fmax(z, 0.0) + log1p(exp(-fabs(z)));
}
