package io.braid.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exact per-model counters. A call is in flight from its arrival (the request fully read) until its response has
 * ended or its connection was closed; {@code peakInFlight} is the maximum of that count, kept atomically. The last
 * {@value #LOG_SIZE} finished calls are kept as {@code (arrivalMs, endMs, status, client)}.
 */
final class ModelStats {
  static final int LOG_SIZE = 10_000;

  private final AtomicLong calls = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
  private final AtomicLong firstCallAt = new AtomicLong();
  private final AtomicLong lastCallAt = new AtomicLong();
  private final ArrayDeque<Entry> log = new ArrayDeque<>();

  record Entry(long arrivalMs, long endMs, String status, String client) {}

  void arrive(long nowMs) {
    calls.incrementAndGet();
    firstCallAt.compareAndSet(0, nowMs);
    lastCallAt.accumulateAndGet(nowMs, Math::max);
    int now = inFlight.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
  }

  void finish(long arrivalMs, long endMs, String status, String client) {
    inFlight.decrementAndGet();
    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    synchronized (log) {
      if (log.size() == LOG_SIZE) {
        log.removeFirst();
      }
      log.addLast(new Entry(arrivalMs, endMs, status, client));
    }
  }

  /** Forgets all but the calls in flight now, which still count (and set the new peak). */
  void reset() {
    calls.set(0);
    statuses.clear();
    firstCallAt.set(0);
    lastCallAt.set(0);
    peak.set(inFlight.get());
    synchronized (log) {
      log.clear();
    }
  }

  void writeTo(ObjectNode out) {
    out.put("calls", calls.get());
    out.put("inFlight", inFlight.get());
    out.put("peakInFlight", peak.get());
    ObjectNode s = out.putObject("status");
    new TreeMap<>(statuses).forEach((k, v) -> s.put(k, v.sum()));
    putTime(out, "firstCallAt", firstCallAt.get());
    putTime(out, "lastCallAt", lastCallAt.get());
  }

  void writeCallsTo(ArrayNode out) {
    synchronized (log) {
      for (Entry e : log) {
        ObjectNode n = out.addObject();
        n.put("arrivalMs", e.arrivalMs());
        n.put("endMs", e.endMs());
        n.put("status", e.status());
        n.put("client", e.client());
      }
    }
  }

  private static void putTime(ObjectNode out, String field, long ms) {
    if (ms == 0) {
      out.putNull(field);
    } else {
      out.put(field, ms);
    }
  }
}
