package io.braid.bench;

import io.braid.common.wire.Headers;
import io.braid.common.wire.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every hop's record as it passes (a consumer of its own, no group) and keeps each record's producer
 * timestamp, so one task's path can be cut into segments: the time between one stage's send and the next
 * stage's send, minus the work the next stage reports in its timings, is what the hop itself costs
 * (producer linger, broker, consumer fetch, hand-over to the stage's worker).
 */
final class HopTap implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    HopTap(String bootstrap, List<String> pools) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p);
        List<String> topics = new ArrayList<>(List.of(Topics.JOBS, Topics.PREPROCESS, Topics.POSTPROCESS, Topics.RESULTS));
        pools.forEach(pool -> topics.add(Topics.inference(pool)));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::poll, GatewayClient.THREAD_PREFIX + "tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                String stage = stage(r.topic());
                String job = header(r, Headers.JOB_ID);
                String task = header(r, Headers.TASK_ID);
                String key;
                if (task != null) {
                    key = task;
                } else {
                    String item = header(r, Headers.ITEM_INDEX);
                    String branch = header(r, Headers.BRANCH);
                    key = job + (item == null ? "" : "/" + item) + (branch == null ? "" : "/" + branch);
                }
                sentAt.putIfAbsent(stage + " " + key, r.timestamp());
                String created = header(r, Headers.CREATED_AT);
                if (created != null && job != null) {
                    createdAt.putIfAbsent(job, Long.parseLong(created));
                }
            }
        }
        consumer.close();
    }

    private static String stage(String topic) {
        return topic.startsWith(Topics.INFERENCE_PREFIX) ? "inference" : topic.substring("braid.".length());
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Segments of one-item jobs, in path order, in ms: gateway accept to its send on {@code braid.jobs}; to the
     * dispatcher's plan; to its send to preprocess; each stage's transit (send to send, minus the stage's
     * reported work) and work; the last outcome's send to the join written; the join to the client's answer.
     */
    Map<String, Stats> segments(List<GatewayClient.Job> jobs) {
        Map<String, List<Double>> seg = new LinkedHashMap<>();
        for (GatewayClient.Job job : jobs) {
            String id = job.jobId();
            Long jobsSent = sentAt.get("jobs " + id);
            Long created = createdAt.get(id);
            Long preSent = sentAt.get("preprocess " + id + "/0");
            if (jobsSent == null || created == null || preSent == null || job.submittedAt() < 0) {
                continue;
            }
            add(seg, "gateway: accept -> sent to braid.jobs", jobsSent - job.submittedAt());
            add(seg, "braid.jobs -> dispatcher planned", created - jobsSent);
            add(seg, "dispatcher planned -> sent to preprocess", preSent - created);
            long lastResult = Long.MIN_VALUE;
            for (GatewayClient.Branch b : job.branches()) {
                String key = id + "/0/" + b.name();
                Long inf = sentAt.get("inference " + key);
                Long post = sentAt.get("postprocess " + key);
                Long res = sentAt.get("results " + key);
                if (inf == null || post == null || res == null) {
                    continue;
                }
                long pre = b.timings().getOrDefault("preprocess", 0L);
                long infer = b.timings().getOrDefault("inference", 0L);
                long postWork = b.timings().getOrDefault("postprocess", 0L);
                add(seg, "hop to preprocess (transit)", inf - preSent - pre);
                add(seg, "preprocess work", pre);
                add(seg, "hop to inference (transit)", post - inf - infer);
                add(seg, "inference (queue + batch delay + model)", infer);
                add(seg, "hop to postprocess (transit)", res - post - postWork);
                add(seg, "postprocess work", postWork);
                add(seg, "branch latencyMs (reported)", b.latencyMs());
                lastResult = Math.max(lastResult, res);
            }
            if (lastResult != Long.MIN_VALUE && job.finishedAt() > 0) {
                add(seg, "last outcome sent -> join written", job.finishedAt() - lastResult);
                add(seg, "join written -> client has answer", job.sentAtMs() + job.clientMs() - job.finishedAt());
            }
            add(seg, "end to end (client)", job.clientMs());
        }
        Map<String, Stats> out = new LinkedHashMap<>();
        seg.forEach((k, v) -> out.put(k, Stats.of(v)));
        return out;
    }

    private static void add(Map<String, List<Double>> seg, String name, double ms) {
        seg.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
