#!/usr/bin/env python3
"""Export a model that does almost nothing, for measuring the platform's own cost per item.

forward(x) = x.flatten(1)[:, :10]: a [N, 1, 28, 28] batch becomes [N, 10] "logits" with no
arithmetic. Only model.pt is written; the benchmark writes its model.yaml.

Usage (from the repository root):
    /usr/bin/python3 bench/export_noop.py [--out bench/models/noop]
"""
import argparse
from pathlib import Path

import torch


class NoOp(torch.nn.Module):
    def forward(self, x):
        return x.flatten(1)[:, :10]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="bench/models/noop")
    args = parser.parse_args()
    with torch.no_grad():
        traced = torch.jit.trace(NoOp().eval(), torch.zeros(1, 1, 28, 28))
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "model.pt"
    traced.save(str(path))
    loaded = torch.jit.load(str(path))
    assert loaded(torch.zeros(5, 1, 28, 28)).shape == (5, 10)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
