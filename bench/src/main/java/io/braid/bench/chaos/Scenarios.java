package io.braid.bench.chaos;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/** The rows of the fault suite, in order; the first is the fault-free reference. */
final class Scenarios {
    /** Jobs per row and their rate: about 27 s of steady load, 12 images per second, 36 branch tasks. */
    static final int JOBS = 40;
    static final double RATE = 1.5;
    static final Duration FAULT_AFTER = Duration.ofSeconds(8);

    private Scenarios() {
    }

    static List<Scenario> all(IntFunction<String> body, BiFunction<Integer, List<String>, String> bodyWith) {
        String bomb = "{\"id\":\"bomb-8000\",\"image\":\"" + Base64.getEncoder().encodeToString(PngBombs.black(8000, 8000))
                + "\"}";
        String giant = "{\"id\":\"bomb-20000\",\"image\":\"" + Base64.getEncoder().encodeToString(PngBombs.black(20000, 20000, 1))
                + "\"}";
        IntFunction<String> withBombs = i -> i % 4 == 1 ? bodyWith.apply(i, List.of(bomb))
                : i % 4 == 3 ? bodyWith.apply(i, List.of(giant)) : body.apply(i);
        return List.of(
                new Scenario("none (reference)", JOBS, body, RATE, FAULT_AFTER, Fault.NONE, true),
                steady("kill -9 gateway", body, Fault.kill("gateway")),
                steady("kill -9 dispatcher", body, Fault.kill("dispatcher")),
                steady("kill -9 preprocess", body, Fault.kill("preprocess")),
                steady("kill -9 inference cpu-small", body, Fault.kill("inference-cpu-small")),
                steady("kill -9 inference cpu-large", body, Fault.kill("inference-cpu-large")),
                steady("kill -9 postprocess", body, Fault.kill("postprocess")),
                steady("SIGSTOP inference cpu-small 20 s", body, Fault.pause("inference-cpu-small", Duration.ofSeconds(20))),
                steady("SIGSTOP dispatcher 20 s", body, Fault.pause("dispatcher", Duration.ofSeconds(20))),
                steady("Kafka broker restart (5 s down)", body, Fault.brokerRestart(Duration.ofSeconds(5))),
                steady("Redis kill -9 and restart (5 s down)", body, Fault.redisRestart(Duration.ofSeconds(5))),
                steady("poison records on every topic", body, KafkaFaults.poison()),
                steady("results topic replayed", body, KafkaFaults.replayResults()),
                new Scenario("pixel bombs among good images", JOBS, withBombs, RATE, FAULT_AFTER, Fault.NONE, false),
                new Scenario("10x burst over capacity", 10 * JOBS, body, 100, FAULT_AFTER, Fault.NONE, false));
    }

    private static Scenario steady(String name, IntFunction<String> body, Fault fault) {
        return new Scenario(name, JOBS, body, RATE, FAULT_AFTER, fault, true);
    }
}
