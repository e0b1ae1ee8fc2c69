package io.braid.bench.chaos;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One row of the fault suite: a load (job bodies sent at a rate) and a fault injected once the load is under
 * way.
 *
 * @param name        the row's name, e.g. {@code kill -9 dispatcher}
 * @param jobs        how many jobs the clients send
 * @param body        the body of job {@code i}
 * @param rate        jobs per second
 * @param faultAfter  when the fault is injected, from the first job
 * @param fault       the fault
 * @param deadlineAllowsSuccess whether every job's deadline leaves room for the fault, so anything but
 *                    SUCCEEDED is a failure of the row (kills and restarts); false where the load itself
 *                    cannot all succeed (a burst over capacity, images that are refused)
 */
record Scenario(String name, int jobs, IntFunction<String> body, double rate, Duration faultAfter, Fault fault,
                boolean deadlineAllowsSuccess) {

    List<String> bodies() {
        return java.util.stream.IntStream.range(0, jobs).mapToObj(body).toList();
    }
}
