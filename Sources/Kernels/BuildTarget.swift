/// Whether this build's kernels were compiled for AVX2 (Package.swift's `-target-cpu haswell`
/// on x86-64): such a build must not run its kernels on a CPU without AVX2 and FMA.
#if LAB_AVX2
public let kernelsNeedAVX2 = true
#else
public let kernelsNeedAVX2 = false
#endif
