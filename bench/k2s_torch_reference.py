#!/usr/bin/env python3
"""NengoDL's "Keras to SNN" network trained independently in PyTorch, saved as a spark-snn model.

Not a benchmark: a check of spark-snn's training of conf/keras-to-snn.yaml (and, with
--regularize, conf/keras-to-snn-regularized.yaml) written from the notebook's description rather
than from spark-snn's code. The saved model directory is then evaluated with spark-snn's sweep
(whose spiking evaluation bench/k2s_synapse_delay.py checks independently), so the two training
implementations can be compared row by row over several seeds.

  conv 32 3x3 -> ReLU -> conv 64 3x3 stride 2 -> ReLU -> flatten (HWC, as Keras) -> dense 10,
  raw 0-255 pixels, Glorot-uniform kernels (Keras' fans), zero biases, softmax cross-entropy,
  RMSprop (lr 1e-3, rho 0.9, epsilon 1e-7 outside the square root, as TF2 Keras), minibatch 200,
  reshuffled every epoch; 2 epochs. --regularize adds, for each conv layer, 1e-3 x the mean over
  its neurons of (ReLU output - 250)^2, averaged over the batch (tf.losses.mse with loss weight
  1e-3), and trains 10 epochs.

  /usr/bin/python3 bench/k2s_torch_reference.py --template runs/keras-to-snn/model \
      --out runs/torch-k2s-0 --seed 0

--template is any spark-snn model directory of the same architecture (its model.yaml is copied);
the output directory gets that model.yaml and a weights.npz with spark-snn's names and layouts.
"""
import argparse
import json
import os
import shutil
import struct
import time

ap = argparse.ArgumentParser()
ap.add_argument("--data", default="data/mnist")
ap.add_argument("--template", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--epochs", type=int, default=None, help="default 2, or 10 with --regularize")
ap.add_argument("--regularize", action="store_true")
ap.add_argument("--threads", type=int, default=2)
args = ap.parse_args()
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
epochs = args.epochs or (10 if args.regularize else 2)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(args.threads)


def idx(path, magic):
    with open(path, "rb") as f:
        buf = f.read()
    got, n = struct.unpack(">II", buf[:8])
    if got != magic:
        raise SystemExit(f"{path}: magic {got}, expected {magic}")
    if magic == 2051:
        return np.frombuffer(buf, np.uint8, offset=16).reshape(n, 1, 28, 28)
    return np.frombuffer(buf, np.uint8, offset=8)


def split(name):
    x = idx(os.path.join(args.data, f"{name}-images-idx3-ubyte"), 2051)
    y = idx(os.path.join(args.data, f"{name}-labels-idx1-ubyte"), 2049)
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y.astype(np.int64))


xtr, ytr = split("train")
xte, yte = split("t10k")
gen = torch.Generator().manual_seed(args.seed)


def glorot(shape, fan_in, fan_out):
    limit = (6.0 / (fan_in + fan_out)) ** 0.5
    return ((torch.rand(*shape, generator=gen) * 2 - 1) * limit).requires_grad_()


k0 = glorot((32, 1, 3, 3), 9 * 1, 9 * 32)
b0 = torch.zeros(32, requires_grad=True)
k1 = glorot((64, 32, 3, 3), 9 * 32, 9 * 64)
b1 = torch.zeros(64, requires_grad=True)
w2 = glorot((9216, 10), 9216, 10)
b2 = torch.zeros(10, requires_grad=True)
params = [k0, b0, k1, b1, w2, b2]
opt = torch.optim.RMSprop(params, lr=1e-3, alpha=0.9, eps=1e-7)


def forward(x):
    a0 = F.relu(F.conv2d(x, k0, b0))
    a1 = F.relu(F.conv2d(a0, k1, b1, stride=2))
    flat = a1.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # HWC, as Keras' Flatten
    return flat @ w2 + b2, a0, a1


def test_accuracy():
    with torch.no_grad():
        hits = 0
        for i in range(0, len(xte), 1000):
            logits, _, _ = forward(xte[i : i + 1000])
            hits += (logits.argmax(1) == yte[i : i + 1000]).sum().item()
    return hits / len(xte)


start = time.perf_counter()
for epoch in range(epochs):
    order = torch.randperm(len(xtr), generator=gen)
    total, total_reg, batches = 0.0, 0.0, 0
    for i in range(0, len(order), 200):
        batch = order[i : i + 200]
        logits, a0, a1 = forward(xtr[batch])
        loss = F.cross_entropy(logits, ytr[batch])
        reg = torch.zeros(())
        if args.regularize:
            for a in (a0, a1):
                reg = reg + 1e-3 * ((a - 250.0) ** 2).flatten(1).mean(1).mean()
        opt.zero_grad()
        (loss + reg).backward()
        opt.step()
        total, total_reg, batches = total + loss.item(), total_reg + reg.item(), batches + 1
    print(
        json.dumps(
            {
                "seed": args.seed,
                "epoch": epoch + 1,
                "loss": round(total / batches, 4),
                "reg": round(total_reg / batches, 4),
                "test_accuracy": test_accuracy(),
                "seconds": round(time.perf_counter() - start, 1),
            }
        ),
        flush=True,
    )

os.makedirs(args.out, exist_ok=False)
shutil.copyfile(os.path.join(args.template, "model.yaml"), os.path.join(args.out, "model.yaml"))
weights = {
    "conv0/kernel": k0.detach().permute(2, 3, 1, 0),  # [kh, kw, cin, cout]
    "conv0/bias": b0.detach(),
    "conv1/kernel": k1.detach().permute(2, 3, 1, 0),
    "conv1/bias": b1.detach(),
    "out/kernel": w2.detach(),  # [in, out]
    "out/bias": b2.detach(),
}
np.savez(
    os.path.join(args.out, "weights.npz"),
    **{k: np.ascontiguousarray(v.numpy(), dtype=np.float32) for k, v in weights.items()},
)
