import ctypes, sys, glob, os
def check(libname, listfile):
    try:
        lib = ctypes.CDLL(libname)
    except OSError as e:
        print(f"{libname}: cannot load: {e}"); return
    names = [l.strip() for l in open(listfile) if l.strip()]
    missing = [n for n in names if not hasattr(lib, n)]
    print(f"{libname}: {len(names)-len(missing)}/{len(names)} imported symbols present; missing {len(missing)}")
    print("  missing:", " ".join(missing))
for pat in ["libcublas.so*", "libcudnn.so*", "libcudnn_*.so*", "libcublasLt.so*"]:
    for d in ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/lib/x86_64-linux-gnu"] + glob.glob("/opt/torch/.venv/lib/python3*/site-packages/nvidia/*/lib") + glob.glob("/usr/local/lib/python3*/dist-packages/nvidia/*/lib"):
        for f in glob.glob(os.path.join(d, pat)): print("found", f)
import ctypes.util
cands = sys.argv[1:]
for c in cands:
    kind = "cublas" if "cublas" in c else "cudnn"
    check(c, os.path.join(os.path.dirname(__file__), kind + "_imports.txt"))
