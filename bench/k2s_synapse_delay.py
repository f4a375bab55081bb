"""Independent NumPy check of the Keras-to-SNN conv net's spiking evaluation, with and without
nengo's one-step delay per synapse (RESULTS.md, "NengoDL Keras to SNN").

Reads a spark-snn model directory of conf/keras-to-snn.yaml's architecture (rescale 255, conv 32
3x3, relu, conv 64 3x3 stride 2, relu, flatten, dense 10) and the MNIST test IDX files, then runs
spiking-relu neurons from voltage 0 (numerics.md: v += max(J, 0)*dt; n = floor(v); v -= n; out =
n/dt) with a lowpass after each spiking layer, and prints the last-step accuracy.

  delay 0: y[k] = a*y[k-1] + (1-a)*x[k]       (keras-spiking, what spark-snn computes)
  delay 1: the next layer reads y[k-1] at step k (nengo: a connection's synapse is updated at the
           end of the step, so its output reaches the next layer one step later)

Usage: /usr/bin/python3 bench/k2s_synapse_delay.py MODEL_DIR IMAGES STEPS TAU DELAY [MNIST_DIR]
  e.g. /usr/bin/python3 bench/k2s_synapse_delay.py runs/keras-to-snn/model 400 120 0.005 1
"""
import sys

import numpy as np


def im2col(a, k, stride):
    """(N, H, W, C) -> (N*Ho*Wo, k*k*C) patches in Keras' kernel order (kh, kw, cin)."""
    n, h, w, c = a.shape
    ho, wo = (h - k) // stride + 1, (w - k) // stride + 1
    cols = np.empty((n, ho, wo, k, k, c), np.float32)
    for i in range(k):
        for j in range(k):
            cols[:, :, :, i, j, :] = a[:, i:i + stride * ho:stride, j:j + stride * wo:stride, :]
    return cols.reshape(n * ho * wo, k * k * c), (n, ho, wo)


class SpikingRelu:
    """Spiking ReLU neurons from voltage 0, float32 state."""

    def __init__(self, shape, dt):
        self.v = np.zeros(shape, np.float32)
        self.dt = np.float32(dt)

    def step(self, j):
        self.v += np.maximum(j, 0) * self.dt
        n = np.floor(self.v)
        self.v -= n
        return n / self.dt


class Lowpass:
    """y = a*y + (1-a)*x; with delay, step() returns the state before this step's update."""

    def __init__(self, shape, tau, dt, delay):
        self.y = np.zeros(shape, np.float32)
        self.a = np.float32(np.exp(-dt / tau))
        self.delay = delay

    def step(self, x):
        before = self.y
        self.y = self.a * self.y + (1 - self.a) * x
        return before if self.delay else self.y


def main(argv):
    model, n_img, steps, tau, delay = argv[1], int(argv[2]), int(argv[3]), float(argv[4]), int(argv[5])
    mnist = argv[6] if len(argv) > 6 else "data/mnist"
    z = np.load(model + "/weights.npz")
    raw = np.fromfile(mnist + "/t10k-images-idx3-ubyte", np.uint8)[16:].reshape(-1, 28, 28)[:n_img]
    labels = np.fromfile(mnist + "/t10k-labels-idx1-ubyte", np.uint8)[8:][:n_img]
    x = (raw.astype(np.float32) / np.float32(255)) * np.float32(255)  # the pipeline's p, rescaled
    dt = 0.001
    k0, b0 = z["conv0/kernel"].reshape(-1, 32), z["conv0/bias"]
    k1, b1 = z["conv1/kernel"].reshape(-1, 64), z["conv1/bias"]
    w_out, b_out = z["out/kernel"], z["out/bias"]
    cols0, shape0 = im2col(x[..., None], 3, 1)
    j0 = (cols0 @ k0 + b0).reshape(*shape0, 32)  # constant input: conv0's current every step
    act0, act1 = SpikingRelu(j0.shape, dt), SpikingRelu((n_img, 12, 12, 64), dt)
    syn0 = Lowpass(j0.shape, tau, dt, delay)
    syn1 = Lowpass((n_img, 12, 12, 64), tau, dt, delay)
    out = None
    for _ in range(steps):
        y0 = syn0.step(act0.step(j0))
        cols1, shape1 = im2col(y0, 3, 2)
        y1 = syn1.step(act1.step((cols1 @ k1 + b1).reshape(*shape1, 64)))
        out = y1.reshape(n_img, -1) @ w_out + b_out
    accuracy = (out.argmax(1) == labels).mean()
    print(f"model={model} images={n_img} steps={steps} tau={tau} delay={delay} "
          f"last-step accuracy {100 * accuracy:.2f} %")


if __name__ == "__main__":
    main(sys.argv)
