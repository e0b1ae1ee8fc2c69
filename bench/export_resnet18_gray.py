#!/usr/bin/env python3
"""Export a randomly initialised ResNet-18 that takes 1-channel 224x224 input, for benchmarks.

The preprocess operator image-to-tensor produces a grayscale [1, H, W] tensor (it has no
channels option), so the torchvision ResNet-18 gets conv1 = Conv2d(1, 64, 7, 2, 3): the rest
of the network, and so ~1.8 GMAC per image, is unchanged. Weights are random (seeded).
Only model.pt is written; the benchmark writes the model.yaml files for it.

Usage (from the repository root):
    /usr/bin/python3 bench/export_resnet18_gray.py [--out bench/models/resnet18-gray]
"""
import argparse
import time
from pathlib import Path

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="bench/models/resnet18-gray")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None)
    model.conv1 = torch.nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
    model = model.eval()
    example = torch.randn(1, 1, 224, 224)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "model.pt"
    traced.save(str(path))

    loaded = torch.jit.load(str(path))
    with torch.no_grad():
        assert loaded(torch.randn(3, 1, 224, 224)).shape == (3, 1000)
        loaded(example)
        start = time.perf_counter()
        for _ in range(5):
            loaded(example)
        latency = (time.perf_counter() - start) / 5 * 1000
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); batch-1 latency {latency:.1f} ms (1 thread)")


if __name__ == "__main__":
    main()
