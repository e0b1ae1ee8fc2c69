package io.braid.bench;

import io.braid.common.pipeline.ModelSpec;
import io.braid.common.tensor.Tensor;
import io.braid.inference.engine.DjlModel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The ceiling: the models called directly with DJL in this JVM, through the same {@link DjlModel} the pools
 * use, one instance (predictor) per thread and one PyTorch intra-op thread, as the pools run them.
 */
final class DirectCeiling {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Items/s of one instance at each batch size, the best of them, and CPU ms per item at batch 1 and best. */
    record Sweep(String model, Map<Integer, Double> itemsPerSecond, int bestBatch, double bestItemsPerSecond,
                 double batch1Ms, double cpuMsPerItemAtBest) {
    }

    /** First call on a batch size the warm-up did not run, against a later call, in ms. */
    record ColdShape(String model, boolean graphOptimizer, int batch, double firstMs, double warmMs) {
    }

    private DirectCeiling() {
    }

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** Runs each batch size for at least {@code millisPerSize} after a warm-up, on this thread. */
    static Sweep sweep(ModelSpec spec, List<Integer> sizes, long millisPerSize) {
        try (DjlModel model = DjlModel.load(spec)) {
            Function<List<Tensor>, List<Tensor>> instance = model.newInstance();
            Map<Integer, Double> rates = new LinkedHashMap<>();
            int best = sizes.get(0);
            double bestCpu = 0;
            double batch1Ms = Double.NaN;
            for (int size : sizes) {
                List<Tensor> batch = inputs(spec, size, size);
                for (int i = 0; i < 3; i++) {
                    instance.apply(batch);
                }
                long calls = 0;
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long until = t0 + millisPerSize * 1_000_000L;
                while (calls < 5 || System.nanoTime() < until) {
                    instance.apply(batch);
                    calls++;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpuMsPerItem = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6 / (calls * size);
                double rate = calls * size / seconds;
                rates.put(size, rate);
                if (size == 1) {
                    batch1Ms = seconds * 1000 / calls;
                }
                if (rate > rates.getOrDefault(best, 0.0) || size == best) {
                    best = size;
                    bestCpu = cpuMsPerItem;
                }
            }
            return new Sweep(spec.name(), rates, best, rates.get(best), batch1Ms, bestCpu);
        }
    }

    /**
     * Items/s of a pipeline whose every item goes through all {@code models}: one thread per model (as one
     * instance per model in the pools), each running its model's best batch size until {@code items} items
     * are done; the rate counts until the last thread finishes.
     */
    static double pipeline(List<ModelSpec> models, Map<String, Integer> bestBatch, int items) throws Exception {
        List<DjlModel> loaded = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(models.size());
        try {
            List<Runnable> work = new ArrayList<>();
            for (ModelSpec spec : models) {
                DjlModel model = DjlModel.load(spec);
                loaded.add(model);
                Function<List<Tensor>, List<Tensor>> instance = model.newInstance();
                int size = bestBatch.get(spec.name());
                List<Tensor> batch = inputs(spec, size, 7);
                instance.apply(batch);
                work.add(() -> {
                    for (int done = 0; done < items; done += size) {
                        instance.apply(done + size <= items ? batch : batch.subList(0, items - done));
                    }
                });
            }
            long t0 = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            work.forEach(w -> running.add(threads.submit(w)));
            for (Future<?> f : running) {
                f.get();
            }
            return items / ((System.nanoTime() - t0) / 1e9);
        } finally {
            threads.shutdownNow();
            loaded.forEach(DjlModel::close);
        }
    }

    /**
     * How long the first call on a batch size takes that warm-up (sizes 1 and the maximum, as the pools warm
     * up) did not run, with PyTorch's graph executor optimizer on (DJL's default) or off.
     */
    static List<ColdShape> coldShapes(ModelSpec spec, List<Integer> unseen, boolean graphOptimizer) {
        String previous = System.getProperty("ai.djl.pytorch.graph_optimizer");
        System.setProperty("ai.djl.pytorch.graph_optimizer", Boolean.toString(graphOptimizer));
        try (DjlModel model = DjlModel.load(spec)) {
            Function<List<Tensor>, List<Tensor>> instance = model.newInstance();
            instance.apply(inputs(spec, 1, 1));
            instance.apply(inputs(spec, spec.batching().maxBatchSize(), 2));
            List<ColdShape> out = new ArrayList<>();
            for (int size : unseen) {
                List<Tensor> batch = inputs(spec, size, size);
                long t0 = System.nanoTime();
                instance.apply(batch);
                double first = (System.nanoTime() - t0) / 1e6;
                instance.apply(batch);
                t0 = System.nanoTime();
                instance.apply(batch);
                out.add(new ColdShape(spec.name(), graphOptimizer, size, first, (System.nanoTime() - t0) / 1e6));
            }
            return out;
        } finally {
            if (previous == null) {
                System.clearProperty("ai.djl.pytorch.graph_optimizer");
            } else {
                System.setProperty("ai.djl.pytorch.graph_optimizer", previous);
            }
        }
    }

    private static List<Tensor> inputs(ModelSpec spec, int size, long seed) {
        Random random = new Random(seed);
        long[] shape = spec.input().shape();
        List<Tensor> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            float[] values = new float[(int) Tensor.elementCount(shape)];
            for (int j = 0; j < values.length; j++) {
                values[j] = random.nextFloat();
            }
            batch.add(Tensor.ofFloats(shape, values));
        }
        return batch;
    }
}
