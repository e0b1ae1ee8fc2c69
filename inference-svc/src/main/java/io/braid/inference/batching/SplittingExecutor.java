package io.braid.inference.batching;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs a batch and, when the engine fails on it (e.g. out of memory), splits it in half and runs
 * each half, down to single items. An item that fails alone fails alone: one bad item never fails
 * its batch-mates.
 */
public final class SplittingExecutor {
    private SplittingExecutor() {
    }

    /**
     * @param items  the batch
     * @param infer  runs a sub-batch, returning one result per item in order
     * @param ok     receives each item with its result
     * @param failed receives each item that failed even alone, with the failure
     * @return how many times a batch was split
     */
    public static <T, R> int run(List<T> items, Function<List<T>, List<R>> infer, BiConsumer<T, R> ok,
                                 BiConsumer<T, RuntimeException> failed) {
        if (items.isEmpty()) {
            return 0;
        }
        List<R> results;
        try {
            results = infer.apply(items);
            if (results.size() != items.size()) {
                throw new IllegalStateException("engine returned " + results.size() + " results for " + items.size() + " items");
            }
        } catch (RuntimeException e) {
            if (items.size() == 1) {
                failed.accept(items.get(0), e);
                return 0;
            }
            int half = items.size() / 2;
            return 1 + run(items.subList(0, half), infer, ok, failed) + run(items.subList(half, items.size()), infer, ok, failed);
        }
        for (int i = 0; i < items.size(); i++) {
            ok.accept(items.get(i), results.get(i));
        }
        return 0;
    }
}
