# Denoising of new noisy samples: each trained DAE on fresh flip-noise copies at p = 0.02, 0.1, 0.2
# (numpy RNG, 200 copies of every character), squared error vs the clean character and wrong pixels.
import os
ROOT=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import json,struct,re,sys
import numpy as np
src=open(ROOT+'/src/main/java/org/latent/data/Fonts.java').read()
f2=src[src.index('FONT2 = {'):src.index('FONT3 = {')]
rows=[[int(x,16) for x in re.findall(r'0x([0-9a-f]{2})',line.split('}')[0])] for line in f2.split('\n') if line.strip().startswith('{0x')]
ALL=np.array([[ (r>>(4-b))&1 for r in g for b in range(5)] for g in rows[:32]],dtype=np.float64)
def load(p):
    raw=open(p,'rb').read(); n=struct.unpack('<Q',raw[:8])[0]; h=json.loads(raw[8:8+n]); base=8+n
    return {k:np.frombuffer(raw[base+v['data_offsets'][0]:base+v['data_offsets'][1]],dtype=np.float32).reshape(v['shape']).astype(np.float64)
            for k,v in h.items() if k.startswith(('encoder','decoder'))}
def forward(W,x):
    names=sorted({k.rsplit('.',1)[0] for k in W}, key=lambda s:int(re.findall(r'\d+$',s)[0]))
    h=x
    for i,n in enumerate(names):
        h=h@W[n+'.weight']+W[n+'.bias']
        if n.startswith('decoder'): h=1/(1+np.exp(-h))
    return h
RUNS=sys.argv[1] if len(sys.argv)>1 else ROOT+'/runs/dae'
rng=np.random.default_rng(12345)
print('net | fresh p | copies | input error/copy | reconstruction error/copy | wrong pixels/copy | copies restored')
for run,k in [('e7-fonts-dae-p0.1',32),('e7-fonts-dae-p0.02',32),('e7-fonts-dae-p0.1-10chars',10)]:
    W=load(f'{RUNS}/{run}/checkpoint.safetensors')
    X=ALL[:k]
    for p in (0.0,0.02,0.1,0.2):
        C=np.repeat(X,200,axis=0)
        flip=rng.random(C.shape)<p
        N=np.where(flip,1-C,C)
        R=forward(W,N)
        err=((R-C)**2).sum(1); inp=((N-C)**2).sum(1); wrong=((R>0.5)!=(C>0.5)).sum(1)
        print(f'{run} | {p} | {len(C)} | {inp.mean():.3f} | {err.mean():.3f} | {wrong.mean():.3f} | {(wrong==0).mean()*100:.1f} %')
