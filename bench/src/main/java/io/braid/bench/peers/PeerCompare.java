package io.braid.bench.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Braid against Ray Serve on the same box, with identical requests (run by {@code bench/peers/compare.sh}; see
 * bench/README.md, "Peers: Ray Serve"). For every alternation, each system is started alone, measured and
 * stopped: start-up until the first job is answered, the labels of every held-out image, idle CPU, a warm-up,
 * then the workloads W1-W4. Server CPU is the whole process tree of the system (Braid's stack JVM with Kafka,
 * Redis and the services; Ray's driver, GCS, raylet and workers) from {@code /proc}; the client runs here.
 */
public final class PeerCompare {
    private static final String USAGE = """
            usage: PeerCompare [options]
              --window 60s          length of W2-W4 (e.g. 20s for a quick run)
              --idle 20s            idle window after start-up
              --warmup 20s          load before the workloads (16 clients x 4 images), not measured
              --w1-requests 300     requests of W1
              --alternations 2      rounds of all systems (each round: every system started, measured, stopped)
              --systems ray-per-item,ray-batched,braid
              --workloads W1,W2,W3,W4
              --pipeline digits     or bench-resnet18 (bench/models/ from bench/run.sh; labels are then only compared
                                    between the systems); the held-out digits' file names are the expected labels
              --images models/digits-heldout
              --ray-port 18000
              --braid-home DIR (bench/target/peers-braid)  --braid-port-base 18080  --braid-kafka-port 19092  --braid-redis-port 16379
              --no-append           print only; bench/RESULTS.md is left as it is
            """;
    private static final Map<String, String> WORKLOADS = Map.of(
            "W1", "one image per request, sequential",
            "W2", "16 clients, 32 images per request",
            "W3", "64 clients, one image per request",
            "W4", "200 clients, one image per request");

    private PeerCompare() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path repo = Path.of(System.getProperty("braid.repo.root", ".")).toAbsolutePath().normalize();
        Duration window = duration(o.getOrDefault("window", "60s"));
        Duration idle = duration(o.getOrDefault("idle", "20s"));
        Duration warmup = duration(o.getOrDefault("warmup", "20s"));
        int w1Requests = Integer.parseInt(o.getOrDefault("w1-requests", "300"));
        int alternations = Integer.parseInt(o.getOrDefault("alternations", "2"));
        String pipeline = o.getOrDefault("pipeline", "digits");
        List<String> workloads = List.of(o.getOrDefault("workloads", "W1,W2,W3,W4").split(","));
        Path logs = repo.resolve("bench/target/peers-logs");
        Files.createDirectories(logs);

        List<PeerSystem> systems = new ArrayList<>();
        for (String s : o.getOrDefault("systems", "ray-per-item,ray-batched,braid").split(",")) {
            int rayPort = Integer.parseInt(o.getOrDefault("ray-port", "18000"));
            switch (s) {
                case "ray-per-item", "ray-batched" -> systems.add(new PeerSystem.Ray(repo, s.substring(4), rayPort, pipeline,
                        repo.resolve("bench/target/peers-ray"), logs.resolve("ray.log")));
                case "braid" -> systems.add(new PeerSystem.Braid(braidRoot(repo, pipeline),
                        Path.of(o.getOrDefault("braid-home", repo.resolve("bench/target/peers-braid").toString())).toAbsolutePath(),
                        Integer.parseInt(o.getOrDefault("braid-port-base", "18080")),
                        Integer.parseInt(o.getOrDefault("braid-kafka-port", "19092")),
                        Integer.parseInt(o.getOrDefault("braid-redis-port", "16379")), logs.resolve("braid.log")));
                default -> throw new IllegalArgumentException("unknown system " + s + "\n" + USAGE);
            }
        }
        for (String w : workloads) {
            if (!WORKLOADS.containsKey(w)) {
                throw new IllegalArgumentException("unknown workload " + w + "\n" + USAGE);
            }
        }

        PeerReport report = new PeerReport();
        report.header(System.getProperty("bench.command", "PeerCompare"), System.getProperty("bench.commit", "unknown"),
                String.format(Locale.ROOT, "pipeline `%s`; windows %d s (W1: %d sequential requests), idle %d s, warm-up %d s "
                                + "before the workloads; %d alternations of %s; every request `?wait=%d`, images from `%s`",
                        pipeline, window.toSeconds(), w1Requests, idle.toSeconds(), warmup.toSeconds(), alternations,
                        String.join(", ", systems.stream().map(PeerSystem::name).toList()), PeerLoad.SERVER_WAIT_S,
                        o.getOrDefault("images", "models/digits-heldout")));
        AtomicReference<PeerSystem> running = new AtomicReference<>();
        Thread stopper = new Thread(() -> stopQuietly(running.getAndSet(null)), "peer-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopper);
        // the held-out digits' file names are the expected labels of the digit pipelines only
        boolean digits = pipeline.startsWith("digits");
        try (PeerLoad load = new PeerLoad(PeerLoad.heldOut(repo.resolve(o.getOrDefault("images", "models/digits-heldout")),
                digits))) {
            for (int run = 1; run <= alternations; run++) {
                for (PeerSystem system : systems) {
                    System.out.printf("[peers] run %d: starting %s%n", run, system.name());
                    running.set(system);
                    long t0 = System.nanoTime();
                    system.start();
                    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                    load.apiKey(system.apiKey());
                    while (!load.answers(system.url(), pipeline)) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException(system.name() + " answered no job within 5 minutes of its start");
                        }
                        Thread.sleep(250);
                    }
                    double startup = (System.nanoTime() - t0) / 1e9;
                    ProcessTreeCpu cpu = new ProcessTreeCpu(system.rootPid());

                    Map<String, String> labels = load.labels(system.url(), pipeline);
                    int right = (int) load.slice(0, load.imageCount()).stream()
                            .filter(img -> img.expected() == null ? !"-".equals(labels.get(img.name()))
                                    : img.expected().equals(labels.get(img.name()))).count();

                    Thread.sleep(3000);
                    ProcessTreeCpu.Sample idleStart = cpu.sample();
                    Thread.sleep(idle.toMillis());
                    ProcessTreeCpu.Window idleCpu = cpu.sample().since(idleStart);
                    report.start(new PeerReport.Start(system.name(), run, startup, idleCpu.systemCores(),
                            idleCpu.othersCores(), right, load.imageCount(), labels, system.isBraid()));

                    if (!warmup.isZero()) {
                        load.closedLoop(system.url(), pipeline, 16, 4, warmup, cpu);
                    }
                    for (String w : workloads) {
                        PeerLoad.Result r = switch (w) {
                            case "W1" -> load.sequential(system.url(), pipeline, w1Requests, cpu);
                            case "W2" -> load.closedLoop(system.url(), pipeline, 16, 32, window, cpu);
                            case "W3" -> load.closedLoop(system.url(), pipeline, 64, 1, window, cpu);
                            default -> load.closedLoop(system.url(), pipeline, 200, 1, window, cpu);
                        };
                        report.row(new PeerReport.Row(w, system.name(), run, r));
                    }
                    var pids = cpu.sample().pids();
                    System.out.printf("[peers] stopping %s%n", system.name());
                    system.stop();
                    running.set(null);
                    awaitGone(system, pids);
                }
            }
        }
        Path results = o.containsKey("no-append") ? null : repo.resolve("bench/RESULTS.md");
        Map<String, String> text = new LinkedHashMap<>();
        WORKLOADS.forEach((k, v) -> text.put(k, k.equals("W1") ? v + ", " + w1Requests + " requests" : v + ", " + window.toSeconds() + " s"));
        report.finish(workloads, text, results);
        Runtime.getRuntime().removeShutdownHook(stopper);
    }

    /**
     * Where {@code ./braid} runs: the repository when the pipeline is one of its {@code pipelines/}; else (the
     * benchmark's {@code bench-resnet18}) the benchmark's stack root, made as {@code bench/run.sh} makes it, with
     * a link to {@code ./braid} so that the stack reads that root's models and pipelines.
     */
    private static Path braidRoot(Path repo, String pipeline) throws java.io.IOException {
        if (Files.isRegularFile(repo.resolve("pipelines").resolve(pipeline + ".yaml"))) {
            return repo;
        }
        Path root = repo.resolve("bench/target/peers-stack-root");
        io.braid.bench.StackRoot.prepare(repo, repo.resolve("bench/models"), root, 5).forEach(n -> System.out.println("[peers] " + n));
        Files.createSymbolicLink(root.resolve("braid"), repo.resolve("braid"));
        if (!Files.isRegularFile(root.resolve("pipelines").resolve(pipeline + ".yaml"))) {
            throw new IllegalArgumentException("no pipeline " + pipeline + " in pipelines/ or the benchmark's");
        }
        return root;
    }

    /** Every process the system's tree had must be gone within 15 s of its stop command. */
    private static void awaitGone(PeerSystem system, java.util.Set<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<Long> alive = ProcessTreeCpu.alive(pids);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            alive = ProcessTreeCpu.alive(pids);
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException(system.name() + " left processes running after its stop: " + alive);
        }
        System.out.printf("[peers] %s stopped: none of its %d processes is left%n", system.name(), pids.size());
    }

    private static void stopQuietly(PeerSystem system) {
        if (system == null) {
            return;
        }
        try {
            System.err.println("[peers] stopping " + system.name() + " on exit");
            system.stop();
        } catch (Exception e) {
            System.err.println("[peers] could not stop " + system.name() + ": " + e.getMessage());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + a + "\n" + USAGE);
            }
            String key = a.substring(2);
            if (key.equals("help")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (key.equals("no-append")) {
                out.put(key, "true");
            } else if (key.contains("=")) {
                out.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                out.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
        }
        return out;
    }

    /** "60s", "2m", "500ms" or plain seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t));
    }
}
