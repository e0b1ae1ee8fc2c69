"""What the Ray Serve peer needs of Braid's definitions and operators, in numpy (bench/peers/ray_digits.py).

image_to_tensor is preprocess-svc's ImageToTensor: luminance 0.299 R + 0.587 G + 0.114 B read from the
raster (gray images as they are, scaled to 0..255), bilinear resize with pixel centres aligned (the identity
when the size matches), then (v / 255 [1 - v if invert] - mean) / std as float32 [1, H, W].
softmax is postprocess-svc's Classify softmax, in double precision.
"""
import io
import os

import numpy as np
import yaml
from PIL import Image

# The benchmark's own pipeline, written by bench/src/main/java/io/braid/bench/StackRoot.java (not in pipelines/).
BENCH_RESNET = {
    "preprocess": {"op": "image-to-tensor", "params": {"width": 224, "height": 224}},
    "branches": [{"name": "main", "model": "resnet18-gray"}],
}
BENCH_MODELS = {"resnet18-gray": {"dir": "bench/models/resnet18-gray", "maxBatchSize": 8, "maxBatchDelayMs": 5}}


def image_to_tensor(encoded: bytes, width=28, height=28, invert=False, mean=0.0, std=1.0) -> np.ndarray:
    img = Image.open(io.BytesIO(encoded))
    img.load()
    gray = grayscale(img)
    gray = resize(gray, int(width), int(height))
    v = gray / 255.0
    if invert:
        v = 1.0 - v
    return ((v - float(mean)) / float(std)).astype(np.float32)[np.newaxis, :, :]


def grayscale(img: Image.Image) -> np.ndarray:
    """Luminance 0..255 in float64, as ImageToTensor.grayscale (float32 values, like its float[][])."""
    if img.mode == "P":
        rgb = np.asarray(img.convert("RGB"), dtype=np.float64)
        out = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    elif img.mode in ("L", "LA", "1", "I;16", "I;16B", "I;16L", "I", "F"):
        a = np.asarray(img.getchannel(0) if img.mode == "LA" else img)
        bits = {"1": 1, "I;16": 16, "I;16B": 16, "I;16L": 16}.get(img.mode, 8)
        out = a.astype(np.float64) * 255.0 / ((1 << bits) - 1)
    else:
        rgb = np.asarray(img.convert("RGB") if img.mode not in ("RGB", "RGBA") else img, dtype=np.float64)
        out = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    return out.astype(np.float32).astype(np.float64)


def resize(src: np.ndarray, width: int, height: int) -> np.ndarray:
    """Bilinear, pixel centres aligned, no antialiasing: ImageToTensor.resize."""
    sh, sw = src.shape
    if sw == width and sh == height:
        return src
    fy = np.clip((np.arange(height) + 0.5) * (sh / height) - 0.5, 0, sh - 1)
    fx = np.clip((np.arange(width) + 0.5) * (sw / width) - 0.5, 0, sw - 1)
    y0 = fy.astype(np.int64)
    x0 = fx.astype(np.int64)
    y1 = np.minimum(sh - 1, y0 + 1)
    x1 = np.minimum(sw - 1, x0 + 1)
    wy = (fy - y0)[:, None]
    wx = (fx - x0)[None, :]
    top = src[y0][:, x0] * (1 - wx) + src[y0][:, x1] * wx
    bottom = src[y1][:, x0] * (1 - wx) + src[y1][:, x1] * wx
    return (top * (1 - wy) + bottom * wy).astype(np.float32).astype(np.float64)


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits.astype(np.float64)
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def pipeline(repo: str, name: str) -> dict:
    """The pipeline's preprocess params, branches [(branch, model)], labels and models {name: path, batching}."""
    path = os.path.join(repo, "pipelines", name + ".yaml")
    if os.path.isfile(path):
        with open(path) as f:
            spec = yaml.safe_load(f)
    elif name == "bench-resnet18":
        spec = BENCH_RESNET
    else:
        raise SystemExit(f"no pipeline {path}")
    if spec["preprocess"]["op"] != "image-to-tensor" or spec.get("reducer", "mean") not in ("mean", "collect"):
        raise SystemExit(f"{name}: only image-to-tensor and the mean reducer are implemented here")
    models, labels = {}, None
    for branch in spec["branches"]:
        model = branch["model"]
        yaml_path = os.path.join(repo, "models", model, "model.yaml")
        if os.path.isfile(yaml_path):
            with open(yaml_path) as f:
                m = yaml.safe_load(f)
            directory = os.path.dirname(yaml_path)
            batching = m.get("batching", {})
            models[model] = {"path": os.path.join(directory, m.get("file", "model.pt")),
                             "maxBatchSize": int(batching.get("maxBatchSize", 1)),
                             "maxBatchDelayMs": float(batching.get("maxBatchDelayMs", 0))}
            labels = labels or m.get("labels")
        elif model in BENCH_MODELS:
            b = BENCH_MODELS[model]
            models[model] = {"path": os.path.join(repo, b["dir"], "model.pt"), "maxBatchSize": b["maxBatchSize"],
                             "maxBatchDelayMs": b["maxBatchDelayMs"]}
        else:
            raise SystemExit(f"no model {yaml_path}")
        if not os.path.isfile(models[model]["path"]):
            raise SystemExit(f"{models[model]['path']} is missing (bench/run.sh generates the benchmark's models)")
    classes = 1000 if labels is None else len(labels)
    return {"preprocess": spec["preprocess"].get("params", {}),
            "branches": [(b["name"], b["model"]) for b in spec["branches"]],
            "labels": labels or [str(i) for i in range(classes)],
            "models": models}
