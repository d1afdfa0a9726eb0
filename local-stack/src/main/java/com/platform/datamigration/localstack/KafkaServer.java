package com.platform.datamigration.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller): the one named by
 * {@code KAFKA_BOOTSTRAP_SERVERS} when set, otherwise one run in this JVM on a port of our choosing, with its
 * log in a directory of its own. A broker started here can be {@linkplain #stop() stopped} and
 * {@linkplain #restart() restarted} on the same port with its data, which fault tests need.
 * {@link #close()} stops only a broker it started, and deletes its data.
 */
public final class KafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    private final String bootstrapServers;
    private final Properties config;
    private final Path dataDir;
    private KafkaRaftServer server;

    private KafkaServer(String bootstrapServers, Properties config, Path dataDir) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.dataDir = dataDir;
    }

    public static KafkaServer startOrReuse(Map<String, String> env, int preferredPort) {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap != null && !bootstrap.isBlank()) {
            log.info("Using Kafka at {}", bootstrap);
            return new KafkaServer(bootstrap, null, null);
        }
        return startEmbedded(preferredPort == 0 ? Ports.free() : Ports.preferred(preferredPort));
    }

    /** Formats a fresh log directory and starts a single-node KRaft broker on 127.0.0.1:{@code port}. */
    public static KafkaServer startEmbedded(int port) {
        KafkaServer kafka = create(port);
        kafka.restart();
        return kafka;
    }

    /** A broker configured for 127.0.0.1:{@code port} and formatted, but not started. */
    public static KafkaServer create(int port) {
        try {
            Path dir = Files.createTempDirectory("dm-kafka-");
            int controllerPort = Ports.free();
            Properties p = new Properties();
            p.setProperty("process.roles", "broker,controller");
            p.setProperty("node.id", "1");
            p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            p.setProperty("log.dirs", dir.toString());
            p.setProperty("num.partitions", "3");
            p.setProperty("auto.create.topics.enable", "true");
            p.setProperty("offsets.topic.replication.factor", "1");
            p.setProperty("offsets.topic.num.partitions", "5");
            p.setProperty("transaction.state.log.replication.factor", "1");
            p.setProperty("transaction.state.log.min.isr", "1");
            p.setProperty("share.coordinator.state.topic.replication.factor", "1");
            p.setProperty("share.coordinator.state.topic.min.isr", "1");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            p.setProperty("log.flush.interval.messages", "1");
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName("CONTROLLER")
                    .run();
            return new KafkaServer("127.0.0.1:" + port, p, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Starts (again) a broker created here, on the same port and with the same data. */
    public synchronized void restart() {
        if (config == null) {
            throw new IllegalStateException("this broker was not started here: " + bootstrapServers);
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        KafkaRaftServer raft = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        raft.startup();
        server = raft;
        log.info("Started Kafka (KRaft) at {} in {} ms", bootstrapServers, (System.nanoTime() - started) / 1_000_000);
    }

    /** Stops a broker started here, keeping its data for {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Stopped Kafka at {}", bootstrapServers);
        }
    }

    @Override
    public void close() {
        stop();
        if (dataDir != null) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                log.debug("Kafka data not removed", e);
            }
        }
    }
}
