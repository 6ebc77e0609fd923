import json, struct, sys, os, hashlib
def st(path):
    b = open(path, 'rb').read()
    n = struct.unpack('<Q', b[:8])[0]
    h = json.loads(b[8:8+n]); data = b[8+n:]
    meta = h.pop('__metadata__', {})
    return {k: data[v['data_offsets'][0]:v['data_offsets'][1]] for k, v in h.items()}, meta
# Usage: same_bits.py BEFORE/runs AFTER/runs: every parameter and optimizer tensor (bytes), state.json
# (loss sum, steps, random keys), metrics.csv losses and accuracies, gan-losses.csv and summary losses.
base, new = sys.argv[1], sys.argv[2]
ok = True
for run in sorted(os.listdir(base)):
    a, b = os.path.join(base, run), os.path.join(new, run)
    if not os.path.exists(b): print(run, 'MISSING in new'); ok = False; continue
    ta, ma = st(os.path.join(a, 'checkpoint.safetensors')); tb, mb = st(os.path.join(b, 'checkpoint.safetensors'))
    keys = [k for k in ta if not k.startswith('history')]
    diff = [k for k in keys if ta[k] != tb.get(k)]
    missing = [k for k in keys if k not in tb]
    sa, sb = json.load(open(os.path.join(a, 'state.json'))), json.load(open(os.path.join(b, 'state.json')))
    loss_same = sa['epoch_loss_sum'] == sb['epoch_loss_sum'] and sa['global_step'] == sb['global_step'] and sa['random_keys'] == sb['random_keys']
    def rows(p):
        return [l.split(',')[:5] + l.split(',')[7:] for l in open(p).read().splitlines()] if os.path.exists(p) else []
    ma_ = rows(os.path.join(a, 'metrics.csv')); mb_ = rows(os.path.join(b, 'metrics.csv'))
    ga = open(os.path.join(a, 'gan-losses.csv')).read() if os.path.exists(os.path.join(a, 'gan-losses.csv')) else ''
    gb = open(os.path.join(b, 'gan-losses.csv')).read() if os.path.exists(os.path.join(b, 'gan-losses.csv')) else ''
    suma = json.load(open(os.path.join(a, 'summary.json'))); sumb = json.load(open(os.path.join(b, 'summary.json')))
    lk = [k for k in ('train_loss', 'validation_loss', 'test_loss', 'test_accuracy', 'accumulated_error') if k in suma]
    sum_same = all(suma.get(k) == sumb.get(k) for k in lk)
    good = not diff and not missing and loss_same and ma_ == mb_ and ga == gb and sum_same
    ok &= good
    print(f"{run:24s} tensors {len(keys):3d} differing {len(diff)} missing {len(missing)} state {'same' if loss_same else 'DIFF'} "
          f"metrics {'same' if ma_ == mb_ else 'DIFF'} gan {'same' if ga == gb else 'DIFF'} summary {'same' if sum_same else 'DIFF'}"
          f" loss_sum {sa['epoch_loss_sum']!r} train_loss {suma.get('train_loss')!r}")
    if diff: print('   differing:', diff[:5])
    if missing: print('   missing:', missing[:5])
print('ALL IDENTICAL' if ok else 'DIFFERENCES')
