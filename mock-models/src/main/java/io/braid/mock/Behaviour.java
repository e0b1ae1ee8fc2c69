package io.braid.mock;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model's behaviour at run time: its spec, a seeded generator (the config's seed, or the entry's, mixed with the
 * model name, so a run repeats), and the counters its fault rules read (call index and the first call's time),
 * both counted from when this behaviour was created, i.e. from startup or the last change of the model's entry.
 */
final class Behaviour {
  final String model;
  final ModelSpec spec;
  private final Random rng;
  private final AtomicLong nextIndex = new AtomicLong();
  private final AtomicLong firstCallAt = new AtomicLong(-1);

  Behaviour(String model, ModelSpec spec, long configSeed) {
    this.model = model;
    this.spec = spec;
    long seed = spec.seed() != null ? spec.seed() : configSeed;
    this.rng = new Random(seed * 1_000_003L + model.hashCode());
  }

  /** What happens to one call: its fault (or null) and its latency. */
  record Decision(FaultRule fault, long latencyMs) {}

  Decision decide(long nowMs) {
    long index = nextIndex.getAndIncrement();
    firstCallAt.compareAndSet(-1, nowMs);
    long since = nowMs - firstCallAt.get();
    FaultRule fault = null;
    for (FaultRule rule : spec.faults()) {
      if (rule.applies(index, since, rng)) {
        fault = rule;
        break;
      }
    }
    return new Decision(fault, spec.latency().sampleMs(rng));
  }
}
