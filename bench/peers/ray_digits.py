"""Braid's `digits` pipeline (and the benchmark's `bench-resnet18`) as a Ray Serve application, for the peer
comparison in bench/peers/ (see bench/README.md, "Peers: Ray Serve").

One ingress deployment takes EXACTLY Braid's request, `POST /v1/pipelines/<name>/jobs?wait=N` with
`{"inputs":[{"id","image":"<base64 PNG/JPEG>"}]}`, decodes and normalises every image as Braid's
`image-to-tensor` does (peer_ops.image_to_tensor), calls one model deployment per branch and answers 200 with
a finished job shaped like Braid's (status SUCCEEDED, result.items[].id, result.items[].output.label), the
branches' softmax probabilities averaged (Braid's `mean` reducer) and the label their argmax.

Two styles (--style):
  per-item  one call per image and model; each model deployment batches the calls with @serve.batch at the
            model.yaml's maxBatchSize and maxBatchDelayMs
  batched   one call per model per request carrying all its images; @serve.batch gathers concurrent
            requests' calls (at most maxBatchSize calls, maxBatchDelayMs), and the model runs the items in
            chunks of at most maxBatchSize

Every deployment has one replica with torch.set_num_threads(1), as Braid's pools run one instance with one
thread. Ray's dashboard is off. Run by bench/peers/run-ray.sh; `python ray_digits.py --help` for options.
"""
import argparse
import asyncio
import base64
import os
import signal
import sys
import time
import uuid

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from ray import serve

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_ops  # noqa: E402

api = FastAPI()
# Replicas reserve no CPU: the box has 2 cores and Braid's services are not limited either; one thread each.
NO_RESERVATION = {"num_cpus": 0}


@serve.deployment(num_replicas=1, ray_actor_options=NO_RESERVATION, max_ongoing_requests=4096)
class Model:
    """One TorchScript model, one replica, one intra-op thread; logits out (softmax is the ingress' job)."""

    def __init__(self, name: str, path: str, max_batch: int, delay_ms: float):
        import torch
        torch.set_num_threads(1)
        self.torch = torch
        self.name = name
        self.max_batch = max_batch
        self.model = torch.jit.load(path, map_location="cpu").eval()
        for handler in (self.one, self.request):
            handler.set_max_batch_size(max_batch)
            handler.set_batch_wait_timeout_s(delay_ms / 1000.0)

    def _forward(self, batch: np.ndarray) -> np.ndarray:
        outputs = []
        with self.torch.inference_mode():
            for start in range(0, len(batch), self.max_batch):
                x = self.torch.from_numpy(np.ascontiguousarray(batch[start:start + self.max_batch]))
                outputs.append(self.model(x).float().numpy())
        return np.concatenate(outputs)

    @serve.batch(max_batch_size=32, batch_wait_timeout_s=0.005)
    async def one(self, tensors: list) -> list:
        """Per item: each call is one [C,H,W] tensor; the batch is the calls gathered by @serve.batch."""
        return list(self._forward(np.stack(tensors)))

    @serve.batch(max_batch_size=32, batch_wait_timeout_s=0.005)
    async def request(self, batches: list) -> list:
        """Batched: each call is one request's [N,C,H,W] tensors; concurrent requests' calls are run together."""
        out = self._forward(np.concatenate(batches))
        split = np.cumsum([len(b) for b in batches])[:-1]
        return np.split(out, split)


@serve.deployment(num_replicas=1, ray_actor_options=NO_RESERVATION, max_ongoing_requests=4096)
@serve.ingress(api)
class Ingress:
    """Braid's job API, answered synchronously: the job is finished when the response is sent."""

    def __init__(self, pipelines: dict, style: str, **handles):
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        self.pipelines = pipelines  # name -> {"preprocess": params, "branches": [(branch, model)], "labels"}
        self.style = style
        self.handles = handles  # model name -> DeploymentHandle

    @staticmethod
    def problem(status: int, detail: str) -> JSONResponse:
        """Braid's errors are RFC 9457 problem+json; kept in the class so the replica carries it."""
        return JSONResponse({"status": status, "detail": detail}, status_code=status,
                            media_type="application/problem+json")

    @api.post("/v1/pipelines/{pipeline}/jobs")
    async def submit(self, pipeline: str, request: Request):
        spec = self.pipelines.get(pipeline)
        if spec is None:
            return self.problem(404, f"no pipeline '{pipeline}'")
        try:
            body = await request.json()
            inputs = body["inputs"]
            if not inputs:
                return self.problem(400, "no inputs")
            ids = [str(item.get("id", i)) for i, item in enumerate(inputs)]
            tensors = [peer_ops.image_to_tensor(base64.b64decode(item["image"], validate=True), **spec["preprocess"])
                       for item in inputs]
        except Exception as e:  # malformed JSON, bad base64, not an image
            return self.problem(400, f"bad request: {e}")
        started = time.time()
        models = [model for _, model in spec["branches"]]
        if self.style == "per-item":
            calls = [[self.handles[m].one.remote(t) for t in tensors] for m in models]
            logits = [np.stack(await asyncio.gather(*c)) for c in calls]
        else:
            batch = np.stack(tensors)
            logits = list(await asyncio.gather(*[self.handles[m].request.remote(batch) for m in models]))
        probabilities = np.mean([peer_ops.softmax(l) for l in logits], axis=0)
        labels = spec["labels"]
        items = []
        for i, item_id in enumerate(ids):
            p = probabilities[i]
            top = np.argsort(-p, kind="stable")[:3]
            items.append({"id": item_id, "output": {
                "label": labels[int(top[0])],
                "topK": [{"label": labels[int(k)], "probability": float(p[k])} for k in top]}})
        finished = time.time()
        return {"jobId": str(uuid.uuid4()), "pipeline": pipeline, "status": "SUCCEEDED",
                "timings": {"submittedAt": int(started * 1000), "finishedAt": int(finished * 1000)},
                "result": {"items": items}}


def build_app(repo: str, pipeline_names: list, style: str):
    pipelines, models = {}, {}
    for name in pipeline_names:
        spec = peer_ops.pipeline(repo, name)
        pipelines[name] = {"preprocess": spec["preprocess"], "branches": spec["branches"], "labels": spec["labels"]}
        models.update(spec["models"])
    handles = {name: Model.options(name=name).bind(name, m["path"], m["maxBatchSize"], m["maxBatchDelayMs"])
               for name, m in models.items()}
    return Ingress.bind(pipelines, style, **handles)


def main():
    parser = argparse.ArgumentParser(description="Braid's digits pipeline on Ray Serve (bench/peers/)")
    parser.add_argument("--port", type=int, default=18000)
    parser.add_argument("--style", choices=["per-item", "batched"], default="per-item")
    parser.add_argument("--pipelines", default="digits", help="comma-separated: digits, bench-resnet18")
    parser.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    args = parser.parse_args()

    import ray
    ray.init(include_dashboard=False, configure_logging=False, log_to_driver=False,
             runtime_env={"env_vars": {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}})
    serve.start(http_options={"host": "127.0.0.1", "port": args.port})
    serve.run(build_app(args.repo, args.pipelines.split(","), args.style), name="braid-peer", route_prefix="/")
    print(f"[ray] serving {args.pipelines} ({args.style}) on http://127.0.0.1:{args.port}", flush=True)

    def shutdown(*_):
        print("[ray] shutting down", flush=True)
        try:
            serve.shutdown()
        finally:
            ray.shutdown()
            os._exit(0)
    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
