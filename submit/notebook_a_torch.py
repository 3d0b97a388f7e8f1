#!/usr/bin/env python3
"""Notebook set-up A (Keras, MNIST) replicated in PyTorch, to check bnsweep's conf/notebooks/a-mnist-keras.conf
against an independent implementation of the same recipe.

plain:    Dense(300, He normal truncated) -> LeakyReLU(0.3) -> Dense(100, same) -> LeakyReLU(0.3) -> Dense(10, Glorot uniform)
keras-bn: BN -> Dense(300) -> ReLU -> BN -> Dense(100) -> ReLU -> BN -> Dense(10), Glorot uniform, BN eps 1e-3, momentum 0.01
biases zero; x/255; the first 5,000 training images as validation; SGD 1e-3, batch 32, 15 epochs, reshuffled every epoch.
Prints the validation accuracy after the last epoch (BN in eval mode: running statistics) and examples/s.

usage: submit/notebook_a_torch.py MNIST_DIR [seeds...]     (MNIST_DIR holds the four official .gz files)
"""
import gzip, math, sys, time
import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def he_truncated_(w):  # Keras he_normal: truncated at 2 sigma, sigma = sqrt(2/fan_in)/0.8796
    fan_in = w.shape[1]
    nn.init.trunc_normal_(w, 0.0, math.sqrt(2.0 / fan_in) / 0.87962566103423978, -2 * math.sqrt(2.0 / fan_in) / 0.87962566103423978,
                          2 * math.sqrt(2.0 / fan_in) / 0.87962566103423978)


def net(arm):
    if arm == "plain":
        layers = [nn.Linear(784, 300), nn.LeakyReLU(0.3), nn.Linear(300, 100), nn.LeakyReLU(0.3), nn.Linear(100, 10)]
        for l in layers[:3:2]:
            he_truncated_(l.weight)
        nn.init.xavier_uniform_(layers[4].weight)
    else:
        bn = lambda n: nn.BatchNorm1d(n, eps=1e-3, momentum=0.01)
        layers = [bn(784), nn.Linear(784, 300), nn.ReLU(), bn(300), nn.Linear(300, 100), nn.ReLU(), bn(100), nn.Linear(100, 10)]
        for l in layers:
            if isinstance(l, nn.Linear):
                nn.init.xavier_uniform_(l.weight)
    for l in layers:
        if isinstance(l, nn.Linear):
            nn.init.zeros_(l.bias)
    return nn.Sequential(*layers)


def main():
    d = sys.argv[1]
    seeds = [int(s) for s in sys.argv[2:]] or [1, 2, 3]
    x = idx(d + "/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y = idx(d + "/train-labels-idx1-ubyte.gz").astype(np.int64)
    xv, yv, xt, yt = torch.tensor(x[:5000]), torch.tensor(y[:5000]), torch.tensor(x[5000:]), torch.tensor(y[5000:])
    for arm in ["plain", "keras-bn"]:
        for seed in seeds:
            torch.manual_seed(seed)
            m = net(arm)
            opt = torch.optim.SGD(m.parameters(), lr=1e-3)
            loss = nn.CrossEntropyLoss()
            t0, n = time.time(), 0
            for epoch in range(15):
                m.train()
                perm = torch.randperm(len(xt))
                for i in range(0, len(xt), 32):
                    b = perm[i:i + 32]
                    opt.zero_grad()
                    loss(m(xt[b]), yt[b]).backward()
                    opt.step()
                    n += len(b)
            secs = time.time() - t0
            m.eval()
            with torch.no_grad():
                acc = (m(xv).argmax(1) == yv).float().mean().item()
            print(f"{arm} seed {seed}: val acc after 15 epochs {acc:.4f}, {n / secs:.0f} examples/s (1 thread)", flush=True)


if __name__ == "__main__":
    main()
