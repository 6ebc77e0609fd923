# E7 10 characters: accumulated squared error of a trained net, in float32 and float64, when its
# output logits are scaled by c (output layer weights and bias times c).
import os
ROOT=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import json,struct,re,sys
import numpy as np
src=open(ROOT+'/src/main/java/org/latent/data/Fonts.java').read()
f2=src[src.index('FONT2 = {'):src.index('FONT3 = {')]
rows=[[int(x,16) for x in re.findall(r'0x([0-9a-f]{2})',line.split('}')[0])] for line in f2.split('\n') if line.strip().startswith('{0x')]
X=np.array([[ (r>>(4-b))&1 for r in g for b in range(5)] for g in rows[:10]],dtype=np.float64)
def load(p):
    f=open(p,'rb'); n=struct.unpack('<Q',f.read(8))[0]; h=json.loads(f.read(n)); base=8+n
    raw=open(p,'rb').read()
    out={}
    for k,v in h.items():
        if k=='__metadata__' or not k.startswith(('encoder','decoder')): continue
        a,b=v['data_offsets']; out[k]=np.frombuffer(raw[base+a:base+b],dtype=np.float32).reshape(v['shape'])
    return out
W=load(sys.argv[1])
names=sorted({k.rsplit('.',1)[0] for k in W}, key=lambda s:int(re.findall(r'\d+$',s)[0]))
def logits(dt):
    h=X.astype(dt)
    for i,n in enumerate(names):
        h=h@W[n+'.weight'].astype(dt)+W[n+'.bias'].astype(dt)
        if n.startswith('decoder') and i<len(names)-1: h=1/(1+np.exp(-h))
    return h
for dt in (np.float32,np.float64):
    L=logits(dt)
    print(dt.__name__, 'min |logit| on target-1 pixels %.2f, max logit on target-0 pixels %.2f, wrong pixels %d'%(
        L[X==1].min(), L[X==0].max(), int(((L>0)!=(X==1)).sum())))
    for c in [1,1.5,2,3,4]:
        z=(L*dt(c)).astype(dt)
        y=(1/(1+np.exp(-z))).astype(dt)
        print('  scale %.1f: accumulated error %.3e'%(c, float(((y.astype(np.float64)-X)**2).sum())))
