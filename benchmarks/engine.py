"""Time per training step: lecture_lib against PyTorch CPU and micrograd, in one run.

The same task for all: a ReLU MLP trained on the spiral data set (300 points, full batch)
with SGD and momentum 0.9, in float64 on one thread, with two losses:

* the multiclass hinge loss, written out of the same gates in lecture_lib and PyTorch
  (micrograd has no exp/log, hence this loss; micrograd's own demo uses it);
* softmax cross-entropy: ``losses.softmax_cross_entropy`` against PyTorch's
  ``torch.nn.functional.cross_entropy``, each library's own (micrograd: none).

Install the references beside the project's pinned venv, not into it:

    python3 -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install -r requirements.txt torch==2.13.0 micrograd==0.1.0
    /tmp/bench-venv/bin/pip install --no-deps -e .
    /tmp/bench-venv/bin/python benchmarks/engine.py    # prints a markdown table

The ratios hold in one process that has imported torch, as this one. In a process without
torch (a chapter's kernel) the lecture_lib step on 2-64-64-3 took 1.3 ms (hinge) and 1.8 ms
(cross-entropy) instead of 0.5 ms on the 2-core machine of 2026-11-29: glibc's malloc gave
the top of the heap back to the system after every step and page-faulted it back in the
next (``MALLOC_TOP_PAD_=100000000`` in the environment removed the difference).

Run by hand; never asserted in CI.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import random
import time
from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from lecture_lib.algorithms.data import spirals
from lecture_lib.engine.losses import multiclass_hinge, softmax_cross_entropy
from lecture_lib.engine.nn import MLP
from lecture_lib.engine.optim import SGD

LR, MOMENTUM = 0.05, 0.9
LOSSES = ("hinge", "cross-entropy")


def seconds_per_step(
    steps: dict[str, Callable[[], float]], repeats: int, warmup: int = 3, block: int = 25
) -> dict[str, float]:
    """Median seconds per call of each step function.

    The functions take turns, ``block`` calls each per round, so that a change in the
    machine's load during the run affects all of them alike while each still runs with
    warm caches, as in a real training loop. As ``timeit`` does, the cyclic garbage
    collector is paused while they run: otherwise micrograd, whose graph holds millions of
    Python objects, spends ~90% of its time in it.
    """
    for step in steps.values():
        for _ in range(warmup):
            step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    gc.disable()
    try:
        for _ in range(max(1, repeats // block)):
            for name, step in steps.items():
                for _ in range(min(block, repeats)):
                    start = time.perf_counter()
                    step()
                    times[name].append(time.perf_counter() - start)
    finally:
        gc.enable()
        gc.collect()
    return {name: float(np.median(values)) for name, values in times.items()}


def lecture_lib_step(sizes: tuple[int, ...], X: np.ndarray, y: np.ndarray, loss: str) -> Callable[[], float]:
    model = MLP(sizes, activation="relu", seed=0)
    optimiser = SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    loss_function = multiclass_hinge if loss == "hinge" else softmax_cross_entropy

    def step() -> float:
        optimiser.zero_grad()
        value = loss_function(model(X), y)
        value.backward()
        optimiser.step()
        return value.item()

    return step


def torch_step(sizes: tuple[int, ...], X: np.ndarray, y: np.ndarray, loss: str) -> Callable[[], float]:
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    layers: list[torch.nn.Module] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(n_in, n_out, dtype=torch.float64), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    optimiser = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    inputs, labels = torch.from_numpy(X), torch.from_numpy(y)
    one_hot = torch.nn.functional.one_hot(labels, sizes[-1]).to(torch.float64)

    def hinge(scores: torch.Tensor) -> torch.Tensor:
        correct = (scores * one_hot).sum(dim=1, keepdim=True)
        return ((scores - correct + 1.0).relu() * (1 - one_hot)).sum() / len(labels)

    def step() -> float:
        optimiser.zero_grad()
        scores = model(inputs)
        value = hinge(scores) if loss == "hinge" else torch.nn.functional.cross_entropy(scores, labels)
        value.backward()
        optimiser.step()
        return value.item()

    return step


def micrograd_step(sizes: tuple[int, ...], X: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    from micrograd import nn as micrograd_nn
    from micrograd.engine import Value

    random.seed(0)
    model = micrograd_nn.MLP(sizes[0], list(sizes[1:]))
    velocity = {id(p): 0.0 for p in model.parameters()}
    rows = [[Value(float(v)) for v in row] for row in X]

    def step() -> float:
        model.zero_grad()
        total = Value(0.0)
        for row, label in zip(rows, y, strict=True):
            scores = model(row)
            for j, score in enumerate(scores):
                if j != label:
                    total = total + (score - scores[label] + 1.0).relu()
        loss = total * (1.0 / len(rows))
        loss.backward()
        for p in model.parameters():
            velocity[id(p)] = MOMENTUM * velocity[id(p)] + p.grad
            p.data -= LR * velocity[id(p)]
        return loss.data

    return step


def machine_note() -> str:
    """Date, processor, cores, Python and NumPy, and OPENBLAS_CORETYPE if it is set."""
    note = (
        f"{datetime.date.today()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, NumPy {np.__version__}, one thread, float64"
    )
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    return note + (f", OPENBLAS_CORETYPE={coretype} (NumPy may run slower with it)" if coretype else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300, help="timed steps for lecture_lib and PyTorch")
    parser.add_argument("--micrograd-steps", type=int, default=2, help="timed steps for micrograd (slow)")
    args = parser.parse_args()

    X, y = spirals(n_per_class=100, n_classes=3, seed=0)
    print(machine_note() + "\n")
    print(
        "| network | loss | lecture_lib ms/step | PyTorch ms/step | micrograd ms/step "
        "| lecture_lib / PyTorch | micrograd / lecture_lib |"
    )
    print("|---|---|---|---|---|---|---|")
    with threadpool_limits(limits=1):
        for sizes, classes in (((2, 16, 16, 2), 2), ((2, 64, 64, 3), 3)):
            labels = y % classes
            for loss in LOSSES:
                fast = seconds_per_step(
                    {"ours": lecture_lib_step(sizes, X, labels, loss), "torch": torch_step(sizes, X, labels, loss)},
                    args.steps,
                )
                ours, theirs = fast["ours"], fast["torch"]
                micro, times_ours = "n/a", "n/a"
                if loss == "hinge":
                    slow = seconds_per_step({"micrograd": micrograd_step(sizes, X, labels)}, args.micrograd_steps, 0)
                    micro, times_ours = f"{slow['micrograd'] * 1e3:,.0f}", f"{slow['micrograd'] / ours:,.0f}"
                print(
                    f"| {'-'.join(map(str, sizes))} | {loss} | {ours * 1e3:.3f} | {theirs * 1e3:.3f} | {micro} "
                    f"| {ours / theirs:.2f} | {times_ours} |"
                )


if __name__ == "__main__":
    main()
