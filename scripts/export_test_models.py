#!/usr/bin/env python3
"""Export the two synthetic test models used by Braid's demos and tests.

Both models have random (seeded) weights; their predictions are meaningless.

  models/digits-gap/  tiny fully-convolutional classifier whose forward refuses
                      anything but 32x32 inputs, while its model.yaml declares
                      [1, 28, 28] (what the demo pipelines feed): the
                      repository's example of a misconfigured model that fails
                      at run time (every item ends INFERENCE_FAILED). A shape
                      mismatch between model.yaml and a pipeline is refused
                      when the pipeline loads, so it cannot be the example.
  models/heavy-cnn/   deliberately compute-heavy CNN for 28x28 inputs, used to
                      exercise timeouts, first-wins cancellation and
                      compute-heavy benchmarks.

Usage (from the repository root):
    /usr/bin/python3 scripts/export_test_models.py
"""
import time
from pathlib import Path

import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
LABELS = '["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]'

YAML_TEMPLATE = """\
{comment}
name: {name}
engine: PyTorch
file: model.pt
pool: {pool}
device: cpu
input:
  dtype: float32
  shape: {shape}
output:
  dtype: float32
  shape: [10]
labels: {labels}
batching:
  maxBatchSize: 8
  maxBatchDelayMs: 2
  maxQueueSize: 256
instances: 1
threads: 1
"""


def digits_gap() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
        nn.Conv2d(8, 10, 3, padding=1),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    )


class Needs32(nn.Module):
    """Runs the wrapped net on 32x32 inputs only; anything else raises at run time."""

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[2] != 32 or x.shape[3] != 32:
            raise RuntimeError("digits-gap was built for 32x32 inputs")
        return self.net(x)


class HeavyCNN(nn.Module):
    """~2.8 GMAC per item with only ~0.9 MB of weights: after the stem the
    feature map is upsampled to 56x56 and one 128->128 conv is applied
    REPEATS times (shared weights keep model.pt small)."""

    REPEATS = 6  # ~40 ms per item with 1 thread on an idle dev-machine core

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(1, 64, 3, padding=1), nn.ReLU(),
            nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(),
            nn.Upsample(scale_factor=2),
        )
        self.body = nn.Conv2d(128, 128, 3, padding=1)
        self.head = nn.Sequential(
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))

    def forward(self, x):
        x = self.stem(x)
        for _ in range(self.REPEATS):
            x = torch.relu(self.body(x))
        return self.head(x)


def latency_ms(model, example: torch.Tensor, runs: int = 15) -> float:
    """Median wall-clock latency of one forward pass, in milliseconds."""
    times = []
    with torch.no_grad():
        for _ in range(3):
            model(example)
        for _ in range(runs):
            start = time.perf_counter()
            model(example)
            times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[runs // 2]


def export(name, model, pool, shape, comment, check_sizes):
    out_dir = ROOT / "models" / name
    out_dir.mkdir(parents=True, exist_ok=True)
    model.eval()
    with torch.no_grad():
        traced = (torch.jit.script(model) if isinstance(model, Needs32)
                  else torch.jit.trace(model, torch.randn(1, *shape)))
    path = out_dir / "model.pt"
    traced.save(str(path))
    (out_dir / "model.yaml").write_text(YAML_TEMPLATE.format(
        comment=comment, name=name, pool=pool,
        shape="[" + ", ".join(map(str, shape)) + "]", labels=LABELS))

    loaded = torch.jit.load(str(path))
    if isinstance(model, Needs32):
        try:
            loaded(torch.randn(1, *shape))
            raise AssertionError("digits-gap must refuse its declared shape at run time")
        except torch.jit.Error:
            pass
        shape = (1, 32, 32)
    with torch.no_grad():
        for hw in check_sizes:
            for batch in (1, 7):
                x = torch.randn(batch, 1, *hw)
                y = loaded(x)
                assert y.shape == (batch, 10), (name, hw, batch, y.shape)
                assert torch.allclose(y, model(x), atol=1e-5), (name, hw, batch)
    lat = latency_ms(loaded, torch.randn(1, *shape))
    print(f"{name}: {path.stat().st_size / 1024:.1f} KiB, "
          f"batch-1 latency {lat:.2f} ms (1 thread), checked sizes {check_sizes}")


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    export(
        "digits-gap", Needs32(digits_gap()), "cpu-small", (1, 28, 28),
        "# Tiny fully-convolutional classifier (Conv-ReLU-Conv-GlobalAvgPool, random\n"
        "# weights) whose forward refuses anything but 32x32 inputs, while this file\n"
        "# declares [1, 28, 28], what the demo pipelines feed: the example of a\n"
        "# misconfigured model failing at run time (every item ends INFERENCE_FAILED).\n"
        "# Made by scripts/export_test_models.py.",
        check_sizes=[(32, 32)],
    )
    export(
        "heavy-cnn", HeavyCNN(), "cpu-large", (1, 28, 28),
        "# Deliberately compute-heavy CNN for 28x28 inputs (random weights): two 3x3\n"
        "# convs (64, 128 ch), 2x upsample to 56x56, one shared 128->128 3x3 conv\n"
        "# applied 6 times, global average pool, linear. ~2.8 GMAC per item:\n"
        "# about 40 ms with 1 thread on an idle core.\n"
        "# Used to exercise timeouts, first-wins cancellation and compute-heavy\n"
        "# benchmarks. Made by scripts/export_test_models.py.",
        check_sizes=[(28, 28)],
    )


if __name__ == "__main__":
    main()
