#!/usr/bin/env python3
"""Notebook set-ups A-D replicated in PyTorch, to check bnsweep's conf/notebooks/ configs against an independent
implementation of the same recipes. A, B, D are Keras notebooks on MNIST: Keras's defaults where they name nothing
(Glorot uniform weights, zero biases, BatchNormalization eps 1e-3 and momentum 0.99 = PyTorch momentum 0.01).
C is a PyTorch notebook on CIFAR-10: PyTorch's defaults.

A  plain:    Dense(300, He normal truncated) -> LeakyReLU(0.3) -> Dense(100, same) -> LeakyReLU(0.3) -> Dense(10)
   keras-bn: BN -> Dense(300) -> ReLU -> BN -> Dense(100) -> ReLU -> BN -> Dense(10)
   x/255, SGD 1e-3, batch 32, 15 epochs; prints the validation accuracy after the last epoch.
B  none / bn: Dense(128) [-> BN] -> ReLU -> Dense(10); x/255, Adam 1e-3 (eps 1e-7), 5 epochs; prints test accuracy.
D  none / bn: Dense(512) [-> BN] -> ReLU -> Dropout(0.2) -> Dense(10); raw bytes 0..255, Adam 1e-3 (eps 1e-7),
   5 epochs; prints test accuracy.
C  none / bn: Linear(512) [-> BatchNorm1d] -> ReLU -> Linear(256) [-> BatchNorm1d] -> ReLU -> Linear(10), PyTorch's
   default initialisation and BN, (x/255 - 0.5)/0.5, Adam 1e-3, batch 64, 2 epochs; DATA_DIR holds data_batch_N.bin
   and test_batch.bin (here ../shared/data/cifar-10-batches-bin: data_batch_1 only); prints test accuracy.
All: the first 5,000 training images are the validation split (A reports on it; B, C, D on the test file), the
rest (MNIST 55,000; C 5,000 here) trains, reshuffled every epoch, one thread; BN in eval mode (running statistics)
for evaluation; examples/s of training.

usage: /usr/bin/python3 submit/notebook_torch.py a|b|c|d DATA_DIR [--batch B] [seeds...]
       (for a, b, d DATA_DIR holds MNIST's four official .gz files)
"""
import glob, gzip, math, sys, time
import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
SETUPS = {  # arms, epochs, default batch, input scaling, reported split
    "a": (["plain", "keras-bn"], 15, 32, 255.0, "val"),
    "b": (["none", "bn"], 5, 32, 255.0, "test"),
    "c": (["none", "bn"], 2, 64, None, "test"),
    "d": (["none", "bn"], 5, 32, 1.0, "test"),
}


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist(d, split, scale):
    x = idx(d + "/" + split + "-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / scale
    return torch.tensor(x), torch.tensor(idx(d + "/" + split + "-labels-idx1-ubyte.gz").astype(np.int64))


def cifar(paths):
    records = np.concatenate([np.fromfile(p, dtype=np.uint8).reshape(-1, 3073) for p in paths])
    return torch.tensor((records[:, 1:].astype(np.float32) / 255 - 0.5) / 0.5), torch.tensor(records[:, 0].astype(np.int64))


def he_truncated_(w):  # Keras he_normal: truncated at 2 sigma, sigma = sqrt(2/fan_in)/0.8796
    fan_in = w.shape[1]
    nn.init.trunc_normal_(w, 0.0, math.sqrt(2.0 / fan_in) / 0.87962566103423978, -2 * math.sqrt(2.0 / fan_in) / 0.87962566103423978,
                          2 * math.sqrt(2.0 / fan_in) / 0.87962566103423978)


def keras_bn(n):
    return nn.BatchNorm1d(n, eps=1e-3, momentum=0.01)


def net(setup, arm):
    if setup == "c":
        bn = (lambda n: [nn.BatchNorm1d(n)]) if arm == "bn" else (lambda n: [])
        return nn.Sequential(nn.Linear(3072, 512), *bn(512), nn.ReLU(), nn.Linear(512, 256), *bn(256), nn.ReLU(), nn.Linear(256, 10))
    if setup == "a" and arm == "plain":
        layers = [nn.Linear(784, 300), nn.LeakyReLU(0.3), nn.Linear(300, 100), nn.LeakyReLU(0.3), nn.Linear(100, 10)]
        for l in layers[:3:2]:
            he_truncated_(l.weight)
        nn.init.xavier_uniform_(layers[4].weight)
    else:
        if setup == "a":
            layers = [keras_bn(784), nn.Linear(784, 300), nn.ReLU(), keras_bn(300), nn.Linear(300, 100), nn.ReLU(), keras_bn(100),
                      nn.Linear(100, 10)]
        else:
            width = 128 if setup == "b" else 512
            layers = [nn.Linear(784, width)] + ([keras_bn(width)] if arm == "bn" else []) + [nn.ReLU()]
            layers += ([nn.Dropout(0.2)] if setup == "d" else []) + [nn.Linear(width, 10)]
        for l in layers:
            if isinstance(l, nn.Linear):
                nn.init.xavier_uniform_(l.weight)
    for l in layers:
        if isinstance(l, nn.Linear):
            nn.init.zeros_(l.bias)
    return nn.Sequential(*layers)


def main():
    setup, d = sys.argv[1], sys.argv[2]
    arms, epochs, batch, scale, reported = SETUPS[setup]
    rest = sys.argv[3:]
    if rest[:1] == ["--batch"]:
        batch, rest = int(rest[1]), rest[2:]
    seeds = [int(s) for s in rest] or [1, 2, 3]
    if setup == "c":
        x, y = cifar(sorted(glob.glob(d + "/data_batch_*.bin")))
        xv, yv = cifar([d + "/test_batch.bin"])
    else:
        x, y = mnist(d, "train", scale)
        xv, yv = mnist(d, "t10k", scale) if reported == "test" else (x[:5000], y[:5000])
    xt, yt = x[5000:], y[5000:]  # the first 5,000 are the validation split
    for arm in arms:
        for seed in seeds:
            torch.manual_seed(seed)
            m = net(setup, arm)
            if setup == "a":
                opt = torch.optim.SGD(m.parameters(), lr=1e-3)
            else:
                opt = torch.optim.Adam(m.parameters(), lr=1e-3, eps=1e-8 if setup == "c" else 1e-7)
            loss = nn.CrossEntropyLoss()
            t0, n = time.time(), 0
            for epoch in range(epochs):
                m.train()
                perm = torch.randperm(len(xt))
                for i in range(0, len(xt), batch):
                    b = perm[i:i + batch]
                    opt.zero_grad()
                    loss(m(xt[b]), yt[b]).backward()
                    opt.step()
                    n += len(b)
            secs = time.time() - t0
            m.eval()
            with torch.no_grad():
                acc = (m(xv).argmax(1) == yv).float().mean().item()
            print(f"{setup} {arm} batch {batch} seed {seed}: {reported} acc after {epochs} epochs {acc:.4f},"
                  f" {n / secs:.0f} examples/s (1 thread)", flush=True)


if __name__ == "__main__":
    main()
