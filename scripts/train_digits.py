#!/usr/bin/python3
"""Train three small digit classifiers (0-9) on digits rendered from system fonts
and export them as TorchScript models for the Braid model repository.

Data: every TrueType/OpenType font under /usr/share/fonts/{truetype,opentype} is
used to render MNIST-style 28x28 digits (white on black) with random size, stroke
width, rotation (+-15 deg), shift and gaussian noise. One whole font family
(HELDOUT_FAMILY) is never used for training; it is only used for evaluation and
for the PNG test set written to <out>/digits-heldout/. Fonts that are near-clones
of the held-out family (Times-style serif) are excluded from training too, so the
held-out accuracy measures generalisation to an unseen type design.

Run:  /usr/bin/python3 scripts/train_digits.py [--out models] [--epochs 4]
"""
import argparse
import functools
import glob
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFont

FONT_GLOBS = ["/usr/share/fonts/truetype/**/*.ttf", "/usr/share/fonts/opentype/**/*.otf"]
HELDOUT_FAMILY = "Liberation Serif"
# Never used: Times clones (near-duplicates of the held-out Liberation Serif) and
# the URW dingbats font, which has no digit glyphs.
EXCLUDED_FAMILIES = {"Nimbus Roman", "FreeSerif", "Standard Symbols PS", "D050000L"}
CANVAS = 128
HELDOUT_PNG_PER_DIGIT = 30


# ----------------------------------------------------------------------------- data
def list_fonts():
    """Returns {family: [font paths]} for all usable fonts, sorted for determinism."""
    families = {}
    paths = sorted(p for g in FONT_GLOBS for p in glob.glob(g, recursive=True))
    for path in paths:
        family = ImageFont.truetype(path, 20).getname()[0]
        if family not in EXCLUDED_FAMILIES:
            families.setdefault(family, []).append(path)
    return families


@functools.lru_cache(maxsize=None)
def get_font(path, size):
    return ImageFont.truetype(path, size)


def render_digit(path, digit, rng, nrng):
    """Renders one augmented 28x28 uint8 image: white digit on black background."""
    size = rng.randint(40, 72)                                   # font size on canvas
    stroke = int(round(rng.uniform(0.0, 0.07) * size))          # extra stroke width
    img = Image.new("L", (CANVAS, CANVAS), 0)
    ImageDraw.Draw(img).text((CANVAS // 2, CANVAS // 2), str(digit), fill=255,
                             font=get_font(path, size), anchor="mm",
                             stroke_width=stroke, stroke_fill=255)
    img = img.rotate(rng.uniform(-15.0, 15.0), resample=Image.BILINEAR)
    img = img.crop(img.getbbox())
    w, h = img.size
    scale = rng.uniform(15.0, 22.0) / max(w, h)                  # longest side 15..22 px
    w, h = max(1, round(w * scale)), max(1, round(h * scale))
    img = img.resize((w, h), Image.LANCZOS)
    out = Image.new("L", (28, 28), 0)
    x = min(max((28 - w) // 2 + rng.randint(-3, 3), 0), 28 - w)  # random shift
    y = min(max((28 - h) // 2 + rng.randint(-3, 3), 0), 28 - h)
    out.paste(img, (x, y))
    arr = np.asarray(out, dtype=np.float32)
    arr = arr + nrng.normal(0.0, rng.uniform(0.0, 15.0), arr.shape)  # gaussian noise
    return np.clip(np.rint(arr), 0, 255).astype(np.uint8)


def render_set(paths, per_font_digit, seed):
    """Renders per_font_digit samples of every digit for every font in paths."""
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    images, labels = [], []
    for path in paths:
        for digit in range(10):
            for _ in range(per_font_digit):
                images.append(render_digit(path, digit, rng, nrng))
                labels.append(digit)
    return np.stack(images), np.array(labels, dtype=np.int64)


def to_tensor(images):
    """uint8 [N,28,28] -> float32 [N,1,28,28] in [0,1] (gray/255.0, the model input)."""
    return torch.from_numpy(images).float().div(255.0).unsqueeze(1)


# ----------------------------------------------------------------------------- models
class Net(nn.Module):
    def forward(self, x):  # x: float32 [N,1,28,28] in [0,1]; returns raw logits [N,10]
        return self.net(x)


class DigitsMLP(Net):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
                                 nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


class DigitsCNN(Net):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 16x14x14
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 32x7x7
            nn.Flatten(), nn.Linear(32 * 7 * 7, 10))


class DigitsLeNet(Net):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),    # 6x14x14
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),              # 16x5x5
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


MODELS = [  # name, class, pool, description
    ("digits-mlp", DigitsMLP, "cpu-small", "MLP 784-256-128-10 (ReLU)"),
    ("digits-cnn", DigitsCNN, "cpu-small", "CNN 2x(conv3x3+ReLU+maxpool) + linear"),
    ("digits-lenet", DigitsLeNet, "cpu-large", "LeNet-5 (conv5x5/pool x2, fc 120-84-10)"),
]


# ----------------------------------------------------------------------------- training
def accuracy(model, x, y, batch=1000):
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(x[i:i + batch]).argmax(1) for i in range(0, len(x), batch)])
    return (pred == y).float().mean().item()


def train(model, x, y, epochs, seed):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, epochs=epochs,
                                                steps_per_epoch=(len(x) + 127) // 128)
    for epoch in range(epochs):
        model.train()
        perm, total = torch.randperm(len(x)), 0.0
        for i in range(0, len(x), 128):
            idx = perm[i:i + 128]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print(f"  epoch {epoch + 1}/{epochs} loss {total / len(x):.4f}", flush=True)
    return model.eval()


MODEL_YAML = """# {desc}; trained on digits rendered from {nfonts} system fonts ({nfam} families); held-out font {heldout}: {acc:.1f}% on digits-heldout PNGs
name: {name}
engine: PyTorch
file: model.pt
pool: {pool}
device: cpu
input:
  dtype: float32
  shape: [1, 28, 28]
output:
  dtype: float32
  shape: [10]
labels: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
batching:
  maxBatchSize: 32
  maxBatchDelayMs: 5
  maxQueueSize: 1024
instances: 1
threads: 1
"""


def write_heldout_pngs(out_dir, paths, seed):
    """Writes 30 PNGs per digit rendered from the held-out family; returns (x, y)."""
    os.makedirs(out_dir, exist_ok=True)
    for old in glob.glob(os.path.join(out_dir, "*.png")):
        os.remove(old)
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    for digit in range(10):
        for i in range(HELDOUT_PNG_PER_DIGIT):
            path = paths[i % len(paths)]                         # cycle through the faces
            img = render_digit(path, digit, rng, nrng)
            Image.fromarray(img, mode="L").save(os.path.join(out_dir, f"{digit}_{i:03d}.png"))
    faces = ", ".join(os.path.basename(p) for p in paths)
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write(f"""# digits-heldout

{10 * HELDOUT_PNG_PER_DIGIT} test images ({HELDOUT_PNG_PER_DIGIT} per digit) for the `digits-*` models, rendered from the
**{HELDOUT_FAMILY}** font family (Debian package `fonts-liberation`): {faces}.
This family is never used to train the models; its Times-style near-clones (Nimbus Roman,
FreeSerif, Standard Symbols PS) are excluded from training too: an unseen type design.

* Format: 28x28 8-bit grayscale PNG (PIL mode "L"), white digit on black (MNIST style).
* Name: `<label>_<index>.png`, e.g. `7_012.png` is the 13th image of digit 7.
* Model input: pixel value / 255.0 as float32 `[N,1,28,28]`, no mean/std normalisation.
* Produced by `scripts/train_digits.py` (function `write_heldout_pngs`) with seed
  {seed} (its --seed + 2): image i of a digit uses face i mod {len(paths)} (faces in the order above), and
  the same random augmentation as training/evaluation: font size 40-72 px on a
  {CANVAS}x{CANVAS} canvas, PIL stroke_width 0-7% of the font size, rotation +-15 degrees,
  crop and scale so the longest side is 15-22 px, shift +-3 px from the centre,
  gaussian noise with sigma 0-15 gray levels.
""")
    files = sorted(glob.glob(os.path.join(out_dir, "*.png")))
    return load_pngs(files)


def load_pngs(files):
    x = np.stack([np.asarray(Image.open(f).convert("L"), dtype=np.uint8) for f in files])
    y = np.array([int(os.path.basename(f).split("_")[0]) for f in files], dtype=np.int64)
    return to_tensor(x), torch.from_numpy(y)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(repo, "models"), help="model repository dir")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--per-font", type=int, default=40,
                    help="training samples per (font face, digit)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    t0 = time.time()

    families = list_fonts()
    if HELDOUT_FAMILY not in families:
        raise SystemExit(f"held-out font family {HELDOUT_FAMILY!r} not found (install fonts-liberation)")
    heldout = families.pop(HELDOUT_FAMILY)
    train_paths = [p for fam in sorted(families) for p in families[fam]]
    print(f"training fonts: {len(train_paths)} faces in {len(families)} families: "
          f"{', '.join(sorted(families))}")
    print(f"held-out family: {HELDOUT_FAMILY} ({len(heldout)} faces)")

    xtr, ytr = render_set(train_paths, args.per_font, args.seed)
    xte, yte = render_set(heldout, 50, args.seed + 1)            # 2000 held-out digits
    xtr, ytr, xte, yte = to_tensor(xtr), torch.from_numpy(ytr), to_tensor(xte), torch.from_numpy(yte)
    xpng, ypng = write_heldout_pngs(os.path.join(args.out, "digits-heldout"), heldout, args.seed + 2)
    print(f"rendered {len(xtr)} training / {len(xte)} held-out images and "
          f"{len(xpng)} held-out PNGs in {time.time() - t0:.1f}s", flush=True)

    results = []  # (name, held-out acc, PNG acc, file size, seconds)
    for i, (name, cls, pool, desc) in enumerate(MODELS):
        t1 = time.time()
        torch.manual_seed(args.seed + 100 + i)
        model = train(cls(), xtr, ytr, args.epochs, args.seed + 200 + i)
        train_acc, test_acc = accuracy(model, xtr[:10000], ytr[:10000]), accuracy(model, xte, yte)

        mdir = os.path.join(args.out, name)
        os.makedirs(mdir, exist_ok=True)
        pt = os.path.join(mdir, "model.pt")
        with torch.no_grad():
            traced = torch.jit.trace(model, torch.zeros(1, 1, 28, 28))
            batch7 = xte[:7]
            assert traced(batch7).shape == (7, 10), "traced model must accept batch size 7"
            assert torch.allclose(traced(batch7), model(batch7), atol=1e-5)
        traced.save(pt)

        # Verify the exported file: reload it and score the held-out PNGs.
        loaded = torch.jit.load(pt)
        with torch.no_grad():
            assert loaded(batch7).shape == (7, 10)
        png_acc = accuracy(loaded, xpng, ypng)
        with open(os.path.join(mdir, "model.yaml"), "w") as f:
            f.write(MODEL_YAML.format(desc=desc, nfonts=len(train_paths), nfam=len(families),
                                      heldout=HELDOUT_FAMILY, acc=100 * png_acc, name=name, pool=pool))
        size, secs = os.path.getsize(pt), time.time() - t1
        print(f"{name}: train {100 * train_acc:.2f}%  held-out {100 * test_acc:.2f}% (2000 rendered)  "
              f"held-out PNGs {100 * png_acc:.2f}% (300)  {size / 1024:.0f} KiB  {secs:.0f}s", flush=True)
        results.append((name, test_acc, png_acc, size, secs))

    print(f"\ntotal time {time.time() - t0:.0f}s")
    print("| model | held-out 2000 rendered | held-out 300 PNGs | model.pt | train time |")
    for name, test_acc, png_acc, size, secs in results:
        print(f"| {name} | {100 * test_acc:.2f}% | {100 * png_acc:.2f}% | {size / 1024:.0f} KiB | {secs:.0f}s |")
    failed = [r[0] for r in results if min(r[1], r[2]) < 0.97]
    if failed:
        raise SystemExit(f"held-out accuracy below 97% for: {', '.join(failed)}")


if __name__ == "__main__":
    main()
