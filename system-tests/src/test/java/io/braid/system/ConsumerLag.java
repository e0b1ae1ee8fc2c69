package io.braid.system;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** How far a consumer group is behind a topic's end, read from the broker (committed offsets). */
final class ConsumerLag {
    private ConsumerLag() {
    }

    /**
     * Waits until {@code group} has committed, on every partition of {@code topic}, at least the end offsets the
     * topic has now: everything written so far has been consumed and acknowledged. Returns the records left.
     */
    static long awaitCaughtUp(String bootstrap, String group, String topic, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> end = admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).entrySet()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            return Api.poll(() -> behind(admin, group, end), left -> left == 0, timeout);
        }
    }

    private static long behind(Admin admin, String group, Map<TopicPartition, Long> end) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long left = 0;
            for (var e : end.entrySet()) {
                OffsetAndMetadata at = committed.get(e.getKey());
                left += Math.max(0, e.getValue() - (at == null ? 0 : at.offset()));
            }
            return left;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until no consumer group lists a static member of {@code instance} (group.instance.id
     * {@code <instance>-<channel>}): a stopped static member keeps its partitions until its session (6 s) ends,
     * and tests that follow should find the groups as they were.
     */
    static boolean awaitMembersGone(String bootstrap, String instance, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return Api.poll(() -> membersOf(admin, instance) == 0, gone -> gone, timeout);
        }
    }

    private static long membersOf(Admin admin, String instance) {
        try {
            var groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).toList();
            return admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(d -> d.members().stream())
                    .filter(m -> m.groupInstanceId().filter(id -> id.startsWith(instance + "-")).isPresent())
                    .count();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the consumer groups: " + e.getMessage(), e);
        }
    }
}
