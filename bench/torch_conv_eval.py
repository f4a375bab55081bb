#!/usr/bin/env python3
"""PyTorch baseline for the conv net's spiking evaluation in bench/eval-sweep.sh.

../shared/bench/torch_eval_sweep.py, the issue's reference, evaluates the MLP only. This script
evaluates the Keras-to-SNN conv net (conf/keras-to-snn.yaml: rescale 255, conv 32 3x3, relu,
conv 64 3x3 stride 2, relu, flatten, dense 10) at the points bench/eval-sweep.sh's conv sweep
runs: spiking-relu from voltage 0, dt 0.001, 30 steps, a lowpass (tau 0.01) after each spiking
layer, firing-rate scales 1, 10 and 20, last-step readout, on the first IMAGES test images. The
same work as spark-snn's points, done the way PyTorch does it fastest on a CPU: conv0's current
computed once per image (the input is the same at every step), then per step dense NCHW
convolutions (oneDNN), whatever the spikes' sparsity.

Neuron (numerics.md): v += max(s*J, 0)*dt; n = floor(v); v -= n; out = n/(dt*s).
Lowpass: y = a*y + (1-a)*x, a = exp(-dt/tau).

  OMP_NUM_THREADS=1 /usr/bin/python3 bench/torch_conv_eval.py --model runs/keras-to-snn/model \\
      --images 2000 --threads 1

Prints one JSON line: image-steps/s over the points (loading excluded) and each point's accuracy
(which should equal spark-snn's for the same model up to float rounding).
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--model", required=True, help="spark-snn model directory of keras-to-snn.yaml")
ap.add_argument("--mnist-dir", default="data/mnist")
ap.add_argument("--images", type=int, default=2000)
ap.add_argument("--steps", type=int, default=30)
ap.add_argument("--tau", type=float, default=0.01)
ap.add_argument("--scales", default="1,10,20")
ap.add_argument("--batch", type=int, default=10)  # spark-snn's conv sweep batch (of 5-500, the fastest at 2 threads here)
ap.add_argument("--threads", type=int, default=1)
args = ap.parse_args()
torch.set_num_threads(args.threads)

z = np.load(args.model + "/weights.npz")
raw = np.fromfile(args.mnist_dir + "/t10k-images-idx3-ubyte", np.uint8)[16:].reshape(-1, 28, 28)
labels = np.fromfile(args.mnist_dir + "/t10k-labels-idx1-ubyte", np.uint8)[8:]
x_all = torch.from_numpy((raw[: args.images].astype(np.float32) / np.float32(255)) * np.float32(255))
y_all = torch.from_numpy(labels[: args.images].astype(np.int64))
# spark-snn stores conv kernels as (kh, kw, cin, cout), PyTorch wants (cout, cin, kh, kw)
k0 = torch.from_numpy(z["conv0/kernel"]).permute(3, 2, 0, 1).contiguous()
b0 = torch.from_numpy(z["conv0/bias"])
k1 = torch.from_numpy(z["conv1/kernel"]).permute(3, 2, 0, 1).contiguous()
b1 = torch.from_numpy(z["conv1/bias"])
w_out = torch.from_numpy(z["out/kernel"])  # rows in (h, w, c) order, as Keras flattens
b_out = torch.from_numpy(z["out/bias"])
dt = 0.001
a = math.exp(-dt / args.tau)


def evaluate(scale):
    correct = 0
    with torch.no_grad():
        for start in range(0, args.images, args.batch):
            x = x_all[start : start + args.batch].unsqueeze(1)
            j0 = F.conv2d(x, k0, b0) * scale
            v0 = torch.zeros_like(j0)
            y0 = torch.zeros_like(j0)
            v1 = y1 = None
            out = None
            for _ in range(args.steps):
                v0 += torch.clamp_min(j0, 0) * dt
                n0 = torch.floor(v0)
                v0 -= n0
                y0.mul_(a).add_(n0, alpha=(1 - a) / (dt * scale))
                j1 = F.conv2d(y0, k1, b1, stride=2) * scale
                if v1 is None:
                    v1 = torch.zeros_like(j1)
                    y1 = torch.zeros_like(j1)
                v1 += torch.clamp_min(j1, 0) * dt
                n1 = torch.floor(v1)
                v1 -= n1
                y1.mul_(a).add_(n1, alpha=(1 - a) / (dt * scale))
                out = y1.permute(0, 2, 3, 1).reshape(y1.shape[0], -1) @ w_out + b_out
            correct += int((out.argmax(1) == y_all[start : start + args.batch]).sum())
    return correct / args.images


scales = [float(s) for s in args.scales.split(",")]
evaluate(scales[0])  # warm-up: first-use costs of the kernels, not counted
t0 = time.perf_counter()
accuracies = [evaluate(s) for s in scales]
seconds = time.perf_counter() - t0
image_steps = len(scales) * args.images * args.steps
print(json.dumps({
    "threads": args.threads, "batch": args.batch, "images": args.images, "steps": args.steps,
    "points": len(scales), "seconds": round(seconds, 3),
    "image_steps_per_s": round(image_steps / seconds, 1),
    "accuracies": dict(zip(args.scales.split(","), [round(acc, 4) for acc in accuracies])),
}))
