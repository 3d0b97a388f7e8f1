#!/usr/bin/env python3
"""The PyTorch peer of submit/bench: the same 784-300-100-10 MLP (with BN: Linear without bias ->
BatchNorm1d -> ReLU), Adam 1e-3, cross-entropy, on synthetic MNIST-sized data, in (a) one process
with one thread, (b) one process with W threads (the same batch) and (c) DistributedDataParallel with
W processes of one thread each (gloo, 127.0.0.1), W x batch per step. Prints training examples/s of the last epoch for each batch size
per worker, and a RESULT line for each (submit/bench joins them with bnsweep's).

usage: bench_torch.py [workers=2] [examples_per_worker=27500] [epochs=3] [batches=32,64,128,256]
"""
import os
import subprocess
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn


def net(bn):
    layers, width = [], 784
    for h in (300, 100):
        layers += [nn.Linear(width, h, bias=not bn)] + ([nn.BatchNorm1d(h, momentum=0.1)] if bn else []) + [nn.ReLU()]
        width = h
    return nn.Sequential(*layers, nn.Linear(width, 10))


def data(n, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 784, generator=g), torch.randint(0, 10, (n,), generator=g)


def train(model, x, y, epochs, batch, tag):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    rate = 0.0
    for e in range(1, epochs + 1):
        perm = torch.randperm(len(x))
        steps = len(x) // batch
        t0 = time.perf_counter()
        for i in range(steps):
            idx = perm[i * batch:(i + 1) * batch]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
        rate = steps * batch / (time.perf_counter() - t0)
    return rate


def ddp_worker(rank, world, bn, n, epochs, batch, port, results):
    torch.set_num_threads(1)
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(1)
    model = nn.parallel.DistributedDataParallel(net(bn))
    x, y = data(n, 10 + rank)
    rate = train(model, x, y, epochs, batch, "ddp")
    results[rank] = rate * world  # every process trains its own batch per step
    dist.destroy_process_group()


def threaded(threads, bn, n, epochs, batch):
    """One process with `threads` threads, in a process of its own: OpenBLAS (which PyTorch's matrix products use here)
    takes its number of threads from the environment when it loads, and torch.set_num_threads does not change it."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, __file__, "--one-process", str(threads), str(int(bn)), str(n), str(epochs), str(batch)],
                         env=env, capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def one_process(threads, bn, n, epochs, batch):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x, y = data(n, 10)
    print(train(net(bn), x, y, epochs, batch, "threads"))


def main():
    world = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 27500
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    batches = [int(b) for b in (sys.argv[4] if len(sys.argv) > 4 else "32,64,128,256").split(",")]
    torch.set_num_threads(1)
    lines = []
    for batch in batches:
        for bn in (False, True):
            torch.manual_seed(1)
            x, y = data(n, 10)
            single = train(net(bn), x, y, epochs, batch, "single")
            print(f"bn={str(bn).lower():5s} PyTorch {torch.__version__} one process x 1 thread, batch {batch}: {single:8.0f} examples/s",
                  flush=True)
            threads = threaded(world, bn, n, epochs, batch)
            print(f"bn={str(bn).lower():5s} PyTorch {torch.__version__} one process x {world} threads, batch {batch}: {threads:8.0f} examples/s",
                  flush=True)
            results = mp.Manager().dict()
            port = 29500 + (os.getpid() + batch) % 1000
            mp.spawn(ddp_worker, args=(world, bn, n, epochs, batch, port, results), nprocs=world, join=True)
            ddp = min(results.values())
            print(f"bn={str(bn).lower():5s} PyTorch DDP {world} processes x 1 thread (gloo), batch {batch} per process:"
                  f" {ddp:8.0f} examples/s", flush=True)
            tag = "bn" if bn else "none"
            lines += [f"RESULT {tag} {batch} pytorch-1-thread {single:.0f}", f"RESULT {tag} {batch} pytorch-{world}-threads {threads:.0f}",
                      f"RESULT {tag} {batch} pytorch-ddp-{world} {ddp:.0f}"]
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one-process":
        one_process(int(sys.argv[2]), bool(int(sys.argv[3])), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        main()
