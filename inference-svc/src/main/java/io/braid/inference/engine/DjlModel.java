package io.braid.inference.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.tensor.DType;
import io.braid.common.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A TorchScript model loaded with DJL's PyTorch engine. Predictors are not thread-safe, so each
 * serving instance gets its own from {@link #newInstance()}.
 */
public final class DjlModel implements AutoCloseable {
    private final ModelSpec spec;
    private final ZooModel<NDList, NDList> model;

    private DjlModel(ModelSpec spec, ZooModel<NDList, NDList> model) {
        this.spec = spec;
        this.model = model;
    }

    /** Loads the model file named by the spec, offline, on the CPU. */
    public static DjlModel load(ModelSpec spec) {
        return load(spec, Device.cpu());
    }

    /** Loads the model file named by the spec, offline, on the given device. */
    public static DjlModel load(ModelSpec spec, Device device) {
        if (spec.input().dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(spec.directory().resolve("model.yaml") + ": input.dtype: "
                    + spec.input().dtype().yamlName() + " is not supported yet (float32 only)");
        }
        String fileName = spec.modelFile().getFileName().toString();
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(spec.directory())
                .optModelName(fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName)
                .optEngine("PyTorch")
                .optDevice(device)
                .optTranslator(new NoopTranslator())
                .build();
        try {
            return new DjlModel(spec, criteria.loadModel());
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load model " + spec.name() + " from " + spec.modelFile() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A batch function bound to a fresh predictor; use it from one thread only. */
    public Function<List<Tensor>, List<Tensor>> newInstance() {
        Predictor<NDList, NDList> predictor = model.newPredictor();
        return batch -> predict(predictor, batch);
    }

    private List<Tensor> predict(Predictor<NDList, NDList> predictor, List<Tensor> batch) {
        long[] itemShape = spec.input().shape();
        int itemBytes = batch.get(0).data().length;
        ByteBuffer buf = ByteBuffer.allocateDirect(itemBytes * batch.size()).order(ByteOrder.nativeOrder());
        for (Tensor t : batch) {
            ByteBuffer le = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
            while (le.hasRemaining()) {
                buf.putFloat(le.getFloat());
            }
        }
        buf.flip();
        long[] shape = new long[itemShape.length + 1];
        shape[0] = batch.size();
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(buf.asFloatBuffer(), new Shape(shape));
            NDArray out = predictor.predict(new NDList(input)).get(0);
            if (out.getDataType() != DataType.FLOAT32) {
                out = out.toType(DataType.FLOAT32, false);
            }
            long[] outShape = out.getShape().getShape();
            if (outShape.length == 0 || outShape[0] != batch.size()) {
                throw new IllegalStateException("model " + spec.name() + " returned shape " + Arrays.toString(outShape)
                        + " for a batch of " + batch.size());
            }
            float[] all = out.toFloatArray();
            long[] perItem = Arrays.copyOfRange(outShape, 1, outShape.length);
            int n = all.length / batch.size();
            List<Tensor> results = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                results.add(Tensor.ofFloats(perItem, Arrays.copyOfRange(all, i * n, (i + 1) * n)));
            }
            return results;
        } catch (TranslateException e) {
            throw new IllegalStateException("engine failed on model " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    @Override
    public void close() {
        model.close();
    }
}
