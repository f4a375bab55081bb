#!/usr/bin/env python3
"""keras-spiking's original regularized Fashion-MNIST variant, re-implemented in PyTorch.

An independent check of conf/keras-spiking-fashion-sat-l2.yaml: the same network and training,
written from the notebook's description rather than from spark-snn's code, on spark-snn's
Fashion-MNIST split (the IDX files `bin/spark-snn fetch-data --dataset fashion-mnist` writes).

  784 pixels / 255, tiled over 10 steps -> dense 128 -> spiking ReLU (dt 0.1, spiking-aware:
  v += relu(x) dt, n = floor(v), v -= n, out = n / dt; backward d relu; initial voltages U[0, 1)
  drawn anew at every call) -> last step only -> dense 10; softmax cross-entropy; activity
  regularizer on the last step's output: l2 * sum_neurons (out - target)^2, averaged over the batch
  (Keras divides an activity regularizer by the batch size); Adam 1e-3 (epsilon 1e-7), batch 32,
  10 epochs, shuffled every epoch, Glorot-uniform kernels, zero biases.

Prints one JSON line per seed: test accuracy (last-step readout) and the hidden layer's firing
rates as the notebook prints them (per image and neuron: spikes / presentation time, then min,
mean and max over all of them), plus the mean over active neurons.

  /usr/bin/python3 bench/fashion_l2_reference.py --data data/fashion-mnist --seeds 0,1,2
"""
import argparse
import json
import os
import struct
import time

ap = argparse.ArgumentParser()
ap.add_argument("--data", default="data/fashion-mnist")
ap.add_argument("--seeds", default="0")
ap.add_argument("--epochs", type=int, default=10)
ap.add_argument("--l2", type=float, default=1e-3)
ap.add_argument("--target", type=float, default=10.0)
ap.add_argument("--threads", type=int, default=2)
args = ap.parse_args()
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(args.threads)
DT, STEPS, HIDDEN = 0.1, 10, 128


def idx(path, magic):
    with open(path, "rb") as f:
        buf = f.read()
    got, n = struct.unpack(">II", buf[:8])
    if got != magic:
        raise SystemExit(f"{path}: magic {got}, expected {magic}")
    if magic == 2051:
        return np.frombuffer(buf, np.uint8, offset=16).reshape(n, 784)
    return np.frombuffer(buf, np.uint8, offset=8)


def split(name):
    x = idx(os.path.join(args.data, f"{name}-images-idx3-ubyte"), 2051)
    y = idx(os.path.join(args.data, f"{name}-labels-idx1-ubyte"), 2049)
    return torch.from_numpy(x.astype(np.float32) / 255.0), torch.from_numpy(y.astype(np.int64))


xtr, ytr = split("train")
xte, yte = split("t10k")


class SpikeFn(torch.autograd.Function):
    """Spikes forward (given the voltage dynamics outside), the ReLU's gradient backward."""

    @staticmethod
    def forward(ctx, x, spikes):
        ctx.save_for_backward(x)
        return spikes.clone()

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x > 0).to(g.dtype), None


def glorot(fan_in, fan_out, gen):
    limit = (6.0 / (fan_in + fan_out)) ** 0.5
    return ((torch.rand(fan_in, fan_out, generator=gen) * 2 - 1) * limit).requires_grad_()


def run(seed):
    gen = torch.Generator().manual_seed(seed)
    w0, b0 = glorot(784, HIDDEN, gen), torch.zeros(HIDDEN, requires_grad=True)
    w1, b1 = glorot(HIDDEN, 10, gen), torch.zeros(10, requires_grad=True)
    params = [w0, b0, w1, b1]
    opt = torch.optim.Adam(params, lr=1e-3, eps=1e-7)

    def hidden(x):
        """Last step's output and every step's spikes of the spiking layer (input tiled)."""
        current = x @ w0 + b0  # the same at every step: the input is tiled
        rate = torch.relu(current)
        v = torch.rand(x.shape[0], HIDDEN, generator=gen)
        counts = []
        with torch.no_grad():
            for _ in range(STEPS):
                v = v + rate * DT
                n = torch.floor(v)
                v = v - n
                counts.append(n)
        last = SpikeFn.apply(rate, counts[-1] / DT)  # spiking-aware: gradient of the rate
        return last, torch.stack(counts, 1)

    start = time.perf_counter()
    for _ in range(args.epochs):
        order = torch.randperm(xtr.shape[0], generator=gen)
        for i in range(0, len(order), 32):
            batch = order[i : i + 32]
            out, _ = hidden(xtr[batch])
            logits = out @ w1 + b1
            loss = torch.nn.functional.cross_entropy(logits, ytr[batch])
            reg = args.l2 * ((out - args.target) ** 2).sum(1).mean()
            opt.zero_grad()
            (loss + reg).backward()
            opt.step()
    with torch.no_grad():
        out, counts = hidden(xte)
        acc = ((out @ w1 + b1).argmax(1) == yte).double().mean().item()
        rates = counts.sum(1) / (STEPS * DT)  # Hz, per image and neuron
        active = rates.mean(0) > 0
    return {
        "seed": seed,
        "test_accuracy": round(acc, 4),
        "rate_min_hz": round(rates.min().item(), 2),
        "rate_mean_hz": round(rates.mean().item(), 2),
        "rate_max_hz": round(rates.max().item(), 2),
        "rate_mean_active_hz": round(rates[:, active].mean().item(), 2),
        "active_neurons": int(active.sum()),
        "seconds": round(time.perf_counter() - start, 1),
    }


for s in args.seeds.split(","):
    print(json.dumps(run(int(s))), flush=True)
