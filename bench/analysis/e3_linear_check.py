# E3 check independent of Latent's trainer: the VAE encoder's mu and last hidden layer computed in
# float64 from the checkpoint, multinomial logistic regression fitted to convergence by L-BFGS
# (scipy), and k-nearest neighbours on mu, on the 55,000 / 10,000 split.
import os
ROOT=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import gzip,json,struct,sys,time
import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp
D=os.environ.get('MNIST_DIR','/work/shared/data/mnist')+'/'
def imgs(f):
    b=gzip.open(D+f).read(); n=struct.unpack('>I',b[4:8])[0]; return np.frombuffer(b[16:],np.uint8).reshape(n,784)/255.0
def labs(f):
    b=gzip.open(D+f).read(); return np.frombuffer(b[8:],np.uint8).astype(int)
Xtr,ytr=imgs('train-images-idx3-ubyte.gz')[:55000],labs('train-labels-idx1-ubyte.gz')[:55000]
Xte,yte=imgs('t10k-images-idx3-ubyte.gz'),labs('t10k-labels-idx1-ubyte.gz')
def load(p):
    raw=open(p,'rb').read(); n=struct.unpack('<Q',raw[:8])[0]; h=json.loads(raw[8:8+n]); base=8+n
    return {k:np.frombuffer(raw[base+v['data_offsets'][0]:base+v['data_offsets'][1]],dtype=np.float32).reshape(v['shape']).astype(np.float64)
            for k,v in h.items() if k.startswith('encoder')}
W=load(sys.argv[1]+'/checkpoint.safetensors')
def enc(X):
    h1=np.maximum(X@W['encoder.dense0.weight']+W['encoder.dense0.bias'],0)
    h2=np.maximum(h1@W['encoder.dense2.weight']+W['encoder.dense2.bias'],0)
    s=h2@W['encoder.dense4.weight']+W['encoder.dense4.bias']
    return s[:,:s.shape[1]//2],h2
mtr,htr=enc(Xtr); mte,hte=enc(Xte)
def logreg(F,y,Ft,yt,l2=0.0):
    mu,sd=F.mean(0),F.std(0); sd[sd==0]=1; F=(F-mu)/sd; Ft=(Ft-mu)/sd
    n,d=F.shape; k=10; Y=np.eye(k)[y]
    def f(w):
        Wm=w[:d*k].reshape(d,k); b=w[d*k:]; Z=F@Wm+b; L=logsumexp(Z,1)
        P=np.exp(Z-L[:,None]); loss=(L-(Z*Y).sum(1)).mean()+0.5*l2*(Wm**2).sum()
        G=(P-Y)/n; return loss,np.concatenate([(F.T@G+l2*Wm).ravel(),G.sum(0)])
    r=minimize(f,np.zeros(d*k+k),jac=True,method='L-BFGS-B',options={'maxiter':3000,'gtol':1e-7})
    Wm=r.x[:d*k].reshape(d,k); b=r.x[d*k:]
    return r.fun, r.nit, ((F@Wm+b).argmax(1)==y).mean(), ((Ft@Wm+b).argmax(1)==yt).mean()
def knn(F,y,Ft,yt,k=5):
    ok=0
    for i in range(0,len(Ft),1000):
        d=(Ft[i:i+1000]**2).sum(1)[:,None]-2*Ft[i:i+1000]@F.T+(F**2).sum(1)[None]
        idx=np.argpartition(d,k,1)[:,:k]; votes=y[idx]
        pred=np.array([np.bincount(v,minlength=10).argmax() for v in votes]); ok+=(pred==yt[i:i+1000]).sum()
    return ok/len(Ft)
t=time.time()
print(sys.argv[1])
print('mu (J=%d): L-BFGS softmax regression: train loss %.4f after %d iterations, train acc %.4f, test acc %.4f'%((mtr.shape[1],)+logreg(mtr,ytr,mte,yte)))
print('mu: 5-nearest neighbours test acc %.4f'%knn(mtr,ytr,mte,yte))
if len(sys.argv)>2:
    print('hidden (500): L-BFGS softmax regression: train loss %.4f after %d iterations, train acc %.4f, test acc %.4f'%logreg(htr,ytr,hte,yte))
    print('pixels (784): L-BFGS softmax regression: train loss %.4f after %d iterations, train acc %.4f, test acc %.4f'%logreg(Xtr,ytr,Xte,yte))
print('%.0f s'%(time.time()-t))
