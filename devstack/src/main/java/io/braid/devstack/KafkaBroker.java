package io.braid.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import kafka.server.BrokerServer;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Kafka broker in KRaft mode, running in this JVM: one node that is both broker and controller.
 *
 * <p>Clients connect to a listener named {@code HOST} on {@link LocalPorts#HOST}:{@link #port()}. The test
 * kit's own listeners (inter-broker and controller) stay on ephemeral ports: the kit pre-binds those, so
 * a fixed client port needs a listener of its own.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String CLIENT_LISTENER = "HOST";

    private final KafkaClusterTestKit cluster;
    private final Path dataDir;
    private final int port;

    private KafkaBroker(KafkaClusterTestKit cluster, Path dataDir, int port) {
        this.cluster = cluster;
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * Formats fresh storage under {@code dataDir} (anything there is deleted first), starts the broker and
     * waits until it accepts clients.
     *
     * @param port    client port; 0 for any free port (chosen now, so that it stays the same across a
     *                {@link #restart(Duration)})
     * @param dataDir where the broker keeps its logs; deleted again on {@link #close()}
     */
    public static KafkaBroker start(int port, Path dataDir) throws Exception {
        if (port == 0) {
            port = LocalPorts.pickFree();
        }
        Utils.delete(dataDir.toFile());
        Files.createDirectories(dataDir);
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream().collect(Collectors.toMap(
                Feature::featureName, f -> f.defaultLevel(version), (a, b) -> a, TreeMap::new));
        TestKitNodes nodes = new TestKitNodes.Builder(BootstrapMetadata.fromVersions(version, features, "braid-devstack"))
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(dataDir)
                .build();
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listeners", broker + "://localhost:0," + controller + "://localhost:0,"
                        + CLIENT_LISTENER + "://" + LocalPorts.HOST + ":" + port)
                .setConfigProp("listener.security.protocol.map",
                        broker + ":PLAINTEXT," + controller + ":PLAINTEXT," + CLIENT_LISTENER + ":PLAINTEXT")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "4")
                .setConfigProp("auto.create.topics.enable", "false")
                .setDeleteOnClose(true)
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            int bound = cluster.brokers().values().iterator().next().socketServer()
                    .boundPort(ListenerName.normalised(CLIENT_LISTENER));
            return new KafkaBroker(cluster, dataDir, bound);
        } catch (Exception | Error e) {
            Utils.closeQuietly(cluster, "kafka cluster");
            throw e;
        }
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LocalPorts.HOST + ":" + port;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "braid-devstack"));
    }

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions, replication 1 and
     * {@link StackTopics#config} (retention in time and size).
     */
    public void createTopics(Collection<String> names, int partitions) throws Exception {
        createTopics(names, partitions, Map.of());
    }

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions, replication 1 and
     * {@code configs}; topics that exist get {@code configs} set.
     */
    public void createTopics(Collection<String> names, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> {
                        Map<String, String> all = new java.util.HashMap<>(StackTopics.config(n));
                        all.putAll(configs);
                        return new NewTopic(n, partitions, (short) 1).configs(all);
                    }).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            List<AlterConfigOp> ops = configs.entrySet().stream()
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new java.util.HashMap<>();
            names.stream().filter(existing::contains)
                    .forEach(n -> alter.put(new ConfigResource(ConfigResource.Type.TOPIC, n), ops));
            if (!alter.isEmpty() && !ops.isEmpty()) {
                admin.incrementalAlterConfigs(alter).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A topic's configuration value, or null. */
    public String topicConfig(String topic, String name) throws Exception {
        try (Admin admin = admin()) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry e = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r).get(name);
            return e == null ? null : e.value();
        }
    }

    /** The names of the topics that exist, internal ones excluded. */
    public Set<String> topics() throws Exception {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Shuts the broker down (its data stays; the KRaft controller of this node keeps running), keeps it down
     * for {@code down}, then starts it again on the same client port and waits until it is ready: a broker
     * restart as a rolling upgrade or a crashed pod would cause. Clients reconnect on their own.
     */
    public synchronized void restart(Duration down) throws Exception {
        for (BrokerServer server : cluster.brokers().values()) {
            server.shutdown();
            server.awaitShutdown();
        }
        Thread.sleep(down.toMillis());
        for (BrokerServer server : cluster.brokers().values()) {
            server.startup();
        }
        cluster.waitForReadyBrokers();
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() throws IOException {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IOException("kafka broker did not stop cleanly: " + e.getMessage(), e);
        } finally {
            Utils.delete(dataDir.toFile());
        }
    }
}
